using TokenBroker.Host.Tests.EndToEnd;

namespace TokenBroker.Host.Tests.Interop;

/// <summary>The AWS SDK for JavaScript v3 with expired session credentials (a broker whose clock the test moves).</summary>
public class JsSdkExpiryTests(WideSkewBrokerFixture broker) : IClassFixture<WideSkewBrokerFixture>
{
    [Fact]
    public async Task JsSdk_ExpiredSessionCredentials_IsExpiredToken()
    {
        var alice = ExternalClient.Credentials(TestDirectory.AliceKey.AccessKeyId.Value, TestDirectory.AliceKey.SecretAccessKey);
        using var session = await JsSdkClient.RunAsync(broker.Endpoint, "GetSessionToken", new { DurationSeconds = 900 }, alice);
        var temporary = ExternalClient.Credentials(session.RootElement.GetProperty("Credentials"));

        broker.Time.Advance(TimeSpan.FromSeconds(901));
        using var json = await JsSdkClient.RunAsync(broker.Endpoint, "GetCallerIdentity", new { }, temporary);

        var error = json.RootElement.GetProperty("error");
        Assert.Equal("ExpiredToken", error.GetProperty("name").GetString());
        Assert.Equal("The security token included in the request is expired", error.GetProperty("message").GetString());
        Assert.Equal(403, error.GetProperty("status").GetInt32());
    }
}
