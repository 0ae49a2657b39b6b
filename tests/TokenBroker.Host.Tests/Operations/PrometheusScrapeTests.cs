using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using TokenBroker.Aws.Tests;
using TokenBroker.Embedded;
using TokenBroker.Host.Tests.EndToEnd;
using TokenBroker.Host.Tests.Logging;
using TokenBroker.Tests;

namespace TokenBroker.Host.Tests.Operations;

/// <summary>
/// A real Prometheus scrapes a running broker (its own process, so no other test's broker shares its meters): after
/// real SDK calls, PromQL over Prometheus's HTTP API returns exactly the credentials issued and refused.
/// </summary>
public sealed class PrometheusScrapeTests
{
    private const int Issued = 3;

    [Fact]
    public async Task Metrics_ScrapedByPrometheus_PromQlCountsIssuedAndRefusedCredentials()
    {
        var data = Directory.CreateTempSubdirectory("tokenbroker-metrics-").FullName;
        try
        {
            using (var store = await EmbeddedStore.CreateAsync(data, CancellationToken.None))
            {
                await store.Directory.ReplaceAsync(TestDirectory.Snapshot(), CancellationToken.None);
            }

            var port = LoopbackPort.Free();
            var endpoint = new Uri($"http://127.0.0.1:{port}/");
            await using var broker = BrokerProcess.Start([new("TOKENBROKER_DATA", data)], "--urls", endpoint.ToString().TrimEnd('/'));
            await broker.WaitForHealthAsync(endpoint);
            await using var prometheus = await PrometheusServer.StartAsync($"127.0.0.1:{port}");
            using var alice = new AmazonSecurityTokenServiceClient(
                new BasicAWSCredentials(TestDirectory.AliceKey.AccessKeyId.Value, TestDirectory.AliceKey.SecretAccessKey),
                new AmazonSecurityTokenServiceConfig { ServiceURL = endpoint.ToString(), AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 });

            for (var call = 0; call < Issued; call++)
            {
                Assert.NotNull((await alice.GetSessionTokenAsync(new GetSessionTokenRequest())).Credentials);
            }

            var refused = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => alice.AssumeRoleAsync(
                new AssumeRoleRequest { RoleArn = "arn:aws:iam::111111111111:role/no-such-role", RoleSessionName = "metrics" }));
            Assert.Equal("AccessDenied", refused.ErrorCode);

            var issued = await prometheus.QueryUntilAsync(
                "sum(tokenbroker_credentials_issued_total{action=\"GetSessionToken\"})", value => value >= Issued, TimeSpan.FromSeconds(30));
            var denied = await prometheus.QueryUntilAsync(
                "sum(tokenbroker_credentials_refused_total{action=\"AssumeRole\",error_code=\"AccessDenied\"})", value => value >= 1, TimeSpan.FromSeconds(10));
            var latency = await prometheus.QueryAsync(
                "sum(tokenbroker_request_duration_seconds_count{action=\"GetSessionToken\",outcome=\"success\"})");

            Assert.Equal("up", await prometheus.TargetHealthAsync());
            Assert.Equal(Issued, issued);
            Assert.Equal(1, denied);
            Assert.Equal(Issued, latency);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }
}
