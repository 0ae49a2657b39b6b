using System.Text.Json;
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
/// The broker's stdout, not a terminal, is JSON lines: every line parses, each STS request is one event with request
/// id, action, caller ARN, outcome, error code and latency, the stdout audit sink's CloudTrail events sit beside them,
/// and no line holds a secret key or session token.
/// </summary>
public sealed class JsonRequestLogTests
{
    [Fact]
    public async Task RequestEvent_GetSessionTokenThenRefusal_OneJsonEventEachWithoutSecrets()
    {
        var data = Directory.CreateTempSubdirectory("tokenbroker-json-logs-").FullName;
        try
        {
            using (var store = await EmbeddedStore.CreateAsync(data, CancellationToken.None))
            {
                await store.Directory.ReplaceAsync(TestDirectory.Snapshot(), CancellationToken.None);
            }

            var port = LoopbackPort.Free();
            var endpoint = new Uri($"http://127.0.0.1:{port}/");
            await using var broker = BrokerProcess.Start([new("TOKENBROKER_DATA", data), new("TOKENBROKER_AUDIT_EXPORT", "stdout"), .. BrokerProcess.TraceLogging], "--urls", endpoint.ToString().TrimEnd('/'));
            await broker.WaitForHealthAsync(endpoint);
            using var alice = new AmazonSecurityTokenServiceClient(
                new BasicAWSCredentials(TestDirectory.AliceKey.AccessKeyId.Value, TestDirectory.AliceKey.SecretAccessKey),
                new AmazonSecurityTokenServiceConfig { ServiceURL = endpoint.ToString(), AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 });

            var issued = await alice.GetSessionTokenAsync(new GetSessionTokenRequest());
            var denied = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => alice.AssumeRoleAsync(
                new AssumeRoleRequest { RoleArn = "arn:aws:iam::111111111111:role/no-such-role", RoleSessionName = "logged" }));
            var log = await broker.StopAsync();

            var events = log.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement).ToList();
            var success = RequestEvent(events, issued.ResponseMetadata.RequestId);
            Assert.Equal("GetSessionToken", success.GetProperty("Action").GetString());
            Assert.Equal("arn:aws:iam::111111111111:user/alice", success.GetProperty("CallerArn").GetString());
            Assert.Equal("success", success.GetProperty("Outcome").GetString());
            Assert.Equal("-", success.GetProperty("ErrorCode").GetString());
            Assert.True(success.GetProperty("LatencyMs").GetDouble() > 0);
            var refusal = RequestEvent(events, denied.RequestId);
            Assert.Equal("AssumeRole", refusal.GetProperty("Action").GetString());
            Assert.Equal("error", refusal.GetProperty("Outcome").GetString());
            Assert.Equal("AccessDenied", refusal.GetProperty("ErrorCode").GetString());
            // The stdout audit sink: CloudTrail events as JSON lines beside the log's.
            var exported = events.Where(e => e.TryGetProperty("eventVersion", out _)).ToList();
            Assert.Contains(exported, e => e.GetProperty("requestID").GetString() == issued.ResponseMetadata.RequestId
                && e.GetProperty("eventName").GetString() == "GetSessionToken");
            Assert.Contains(exported, e => e.GetProperty("requestID").GetString() == denied.RequestId
                && e.GetProperty("errorCode").GetString() == "AccessDenied");
            foreach (var secret in new[] { issued.Credentials.SecretAccessKey, issued.Credentials.SessionToken, TestDirectory.AliceKey.SecretAccessKey })
            {
                Assert.DoesNotContain(secret, log, StringComparison.Ordinal);
            }
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    private static JsonElement RequestEvent(List<JsonElement> events, string requestId)
    {
        var matching = events.Where(e => e.TryGetProperty("Category", out var category) && category.GetString() == "TokenBroker.Host.Observability.RequestTelemetry"
            && e.GetProperty("State").GetProperty("RequestId").GetString() == requestId).ToList();
        return Assert.Single(matching).GetProperty("State");
    }
}
