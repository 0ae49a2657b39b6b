using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using TokenBroker.Embedded;
using TokenBroker.Host.AuditExport;
using TokenBroker.Host.Tests.EndToEnd;

namespace TokenBroker.Host.Tests.Operations;

/// <summary>
/// The audit export to an HTTP webhook: a receiver that fails and then recovers gets every record at least once
/// (retried), a receiver that hangs never holds up issuance, and the buffer stays bounded (what overflows is dropped
/// and counted, and stays in the audit log).
/// </summary>
public sealed class AuditWebhookTests
{
    [Fact]
    public async Task Webhook_ReceiverFailsThenRecovers_EveryRecordDeliveredInCloudTrailShape()
    {
        await using var receiver = await AuditReceiver.StartAsync(failures: 3);
        await using var broker = await StartBrokerAsync(receiver, buffer: 100);
        using var alice = Alice(broker.Endpoint);

        var issued = new List<GetSessionTokenResponse>();
        for (var call = 0; call < 3; call++)
        {
            issued.Add(await alice.GetSessionTokenAsync(new GetSessionTokenRequest()));
        }

        Assert.True(await receiver.ReceivedWithinAsync(issued.Select(r => r.ResponseMetadata.RequestId), TimeSpan.FromSeconds(30)));
        Assert.Equal(3, receiver.Refused);
        var delivered = receiver.Events.First(e => e.GetProperty("requestID").GetString() == issued[0].ResponseMetadata.RequestId);
        Assert.Equal("GetSessionToken", delivered.GetProperty("eventName").GetString());
        Assert.Equal(issued[0].Credentials.AccessKeyId, delivered.GetProperty("responseElements").GetProperty("credentials").GetProperty("accessKeyId").GetString());
        var all = string.Join('\n', receiver.Events.Select(e => e.GetRawText()));
        Assert.All(issued, response =>
        {
            Assert.DoesNotContain(response.Credentials.SecretAccessKey, all, StringComparison.Ordinal);
            Assert.DoesNotContain(response.Credentials.SessionToken, all, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Webhook_ReceiverHangs_IssuanceNotBlockedAndOverflowDroppedThenRestDelivered()
    {
        await using var receiver = await AuditReceiver.StartAsync(failures: 0);
        receiver.Hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var broker = await StartBrokerAsync(receiver, buffer: 2);
        using var alice = Alice(broker.Endpoint);
        var queue = broker.App.Services.GetRequiredService<AuditExportQueue>();

        var requestIds = new List<string>();
        for (var call = 0; call < 6; call++)
        {
            var response = await alice.GetSessionTokenAsync(new GetSessionTokenRequest()).WaitAsync(TimeSpan.FromSeconds(10));
            requestIds.Add(response.ResponseMetadata.RequestId);
        }

        Assert.InRange(queue.Depth, 1, 2);
        Assert.True(queue.Dropped >= 3, $"dropped {queue.Dropped}");
        receiver.Hold.SetResult();
        Assert.True(await receiver.ReceivedWithinAsync(requestIds.Take(1), TimeSpan.FromSeconds(30)));
        for (var wait = 0; wait < 100 && receiver.Events.Count + queue.Dropped < 6; wait++)
        {
            await Task.Delay(100);
        }

        // Every record was either delivered or dropped (and counted); none is lost silently, none delivered twice here.
        Assert.Equal(6, receiver.Events.Count + queue.Dropped);
        Assert.Equal(0, queue.Depth);
    }

    private static AmazonSecurityTokenServiceClient Alice(Uri endpoint) => new(
        new BasicAWSCredentials(TestDirectory.AliceKey.AccessKeyId.Value, TestDirectory.AliceKey.SecretAccessKey),
        new AmazonSecurityTokenServiceConfig { ServiceURL = endpoint.ToString(), AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 });

    private static async Task<RunningBroker> StartBrokerAsync(AuditReceiver receiver, int buffer)
    {
        var data = Directory.CreateTempSubdirectory("tokenbroker-audit-export-").FullName;
        using (var store = await EmbeddedStore.CreateAsync(data, CancellationToken.None))
        {
            await store.Directory.ReplaceAsync(TestDirectory.Snapshot(), CancellationToken.None);
        }

        var app = await BrokerApp.BuildAsync(["--urls", "http://127.0.0.1:0"], null, configuration => configuration.AddInMemoryCollection(
        [
            new("TOKENBROKER_DATA", data),
            new(AuditExportSettings.SinkVariable, receiver.Endpoint.ToString()),
            new(AuditExportSettings.BufferVariable, buffer.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ]));
        await app.StartAsync();
        return new RunningBroker(app, data);
    }

    private sealed class RunningBroker(WebApplication app, string data) : IAsyncDisposable
    {
        public WebApplication App { get; } = app;

        public Uri Endpoint => BrokerFixture.AddressOf(App);

        public async ValueTask DisposeAsync()
        {
            await App.StopAsync();
            await App.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(data, recursive: true);
        }
    }
}
