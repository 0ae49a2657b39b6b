using TokenBroker.Embedded;
using TokenBroker.Host.Tests.EndToEnd;
using TokenBroker.Host.Tests.Logging;

namespace TokenBroker.Host.Tests.Hosting;

/// <summary>The same search as <see cref="BrokerLogTests"/>, with the broker process served through a loopback Runtime API.</summary>
public sealed class LambdaLogTests
{
    [Fact]
    public async Task PresignedUrlsTokensAssertionsCodesAndCookies_TraceLoggingOnLambdaRuntime_NeverLogged()
    {
        var data = Directory.CreateTempSubdirectory("tokenbroker-lambda-logs-").FullName;
        await using var runtimeApi = await FakeRuntimeApi.StartAsync();
        try
        {
            using (var store = await EmbeddedStore.CreateAsync(data, CancellationToken.None))
            {
                await store.Directory.ReplaceAsync(TestDirectory.Snapshot(), CancellationToken.None);
            }

            await using var broker = BrokerProcess.Start(
            [
                new("TOKENBROKER_DATA", data),
                new("TOKENBROKER_HOSTING", "lambda"),
                new("AWS_LAMBDA_RUNTIME_API", runtimeApi.Address),
                .. BrokerProcess.TraceLogging,
            ]);
            var requests = new BearerRequests(new Uri("https://sts.example.com/"), async request =>
            {
                var reply = await runtimeApi.InvokeAsync(HttpApiEvents.FromRequest(request));
                Assert.Equal("response", reply.Kind);
                return (reply.StatusCode, reply.Body);
            });

            await requests.RunAsync();
            var log = await broker.StopAsync();

            BrokerLogTests.AssertDrivenAndLogged(requests, log);
            // The hosting diagnostics saw the invocations as HTTP requests (the runtime sets the scheme to https).
            Assert.Contains("Request starting HTTP/1.1 GET https://sts.example.com/?Action=", log, StringComparison.Ordinal);
            LogAssert.NoBearerMaterial(log, requests);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }
}
