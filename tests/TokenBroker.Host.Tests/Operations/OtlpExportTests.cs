using System.Text;
using System.Threading.Channels;
using Amazon.SecurityToken.Model;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using TokenBroker.Embedded;
using TokenBroker.Host.Tests.EndToEnd;

namespace TokenBroker.Host.Tests.Operations;

/// <summary>
/// OTEL_EXPORTER_OTLP_ENDPOINT (with the standard OTEL_* variables) turns OTLP export on: a real HTTP receiver on
/// loopback gets the broker's spans as OTLP/HTTP protobuf on /v1/traces.
/// </summary>
public sealed class OtlpExportTests
{
    [Fact]
    public async Task Traces_OtlpEndpointSet_SpansPostedToReceiver()
    {
        var received = Channel.CreateUnbounded<(string Path, string ContentType, byte[] Body)>();
        await using var receiver = await StartReceiverAsync(received.Writer);
        var data = Directory.CreateTempSubdirectory("tokenbroker-otlp-").FullName;
        try
        {
            using (var store = await EmbeddedStore.CreateAsync(data, CancellationToken.None))
            {
                await store.Directory.ReplaceAsync(TestDirectory.Snapshot(), CancellationToken.None);
            }

            await using var app = await BrokerApp.BuildAsync(["--urls", "http://127.0.0.1:0"], null, configuration => configuration.AddInMemoryCollection(
            [
                new("TOKENBROKER_DATA", data),
                new("OTEL_EXPORTER_OTLP_ENDPOINT", BrokerFixture.AddressOf(receiver).ToString().TrimEnd('/')),
                new("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf"),
                new("OTEL_BSP_SCHEDULE_DELAY", "100"),
                new("OTEL_METRIC_EXPORT_INTERVAL", "100"),
            ]));
            await app.StartAsync();
            using var alice = new Amazon.SecurityToken.AmazonSecurityTokenServiceClient(
                new Amazon.Runtime.BasicAWSCredentials(TestDirectory.AliceKey.AccessKeyId.Value, TestDirectory.AliceKey.SecretAccessKey),
                new Amazon.SecurityToken.AmazonSecurityTokenServiceConfig { ServiceURL = BrokerFixture.AddressOf(app).ToString(), AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 });
            Assert.NotNull((await alice.GetSessionTokenAsync(new GetSessionTokenRequest())).Credentials);

            var traces = await FirstAsync(received.Reader, "/v1/traces", text => text.Contains("GetSessionToken", StringComparison.Ordinal));
            await app.StopAsync();

            Assert.Equal("application/x-protobuf", traces.ContentType);
            var text = Encoding.UTF8.GetString(traces.Body);
            Assert.Contains("tokenbroker", text, StringComparison.Ordinal);
            Assert.Contains("audit.append", text, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    private static async Task<(string Path, string ContentType, byte[] Body)> FirstAsync(
        ChannelReader<(string Path, string ContentType, byte[] Body)> reader, string path, Func<string, bool> match)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await foreach (var post in reader.ReadAllAsync(timeout.Token))
        {
            if (post.Path == path && match(Encoding.UTF8.GetString(post.Body)))
            {
                return post;
            }
        }

        throw new InvalidOperationException("The receiver stopped.");
    }

    private static async Task<WebApplication> StartReceiverAsync(ChannelWriter<(string Path, string ContentType, byte[] Body)> received)
    {
        var builder = WebApplication.CreateSlimBuilder(["--urls", "http://127.0.0.1:0"]);
        var receiver = builder.Build();
        receiver.MapPost("/v1/{signal}", async (HttpContext context) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            await received.WriteAsync((context.Request.Path.Value!, context.Request.ContentType ?? "", body.ToArray()));
            return Results.Ok();
        });
        await receiver.StartAsync();
        return receiver;
    }
}
