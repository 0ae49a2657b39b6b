using System.Text.Json.Nodes;
using Amazon.SecurityToken.Model;
using static TokenBroker.Host.Tests.DataPlane.DataPlaneDirectory;

namespace TokenBroker.Host.Tests.DataPlane;

/// <summary>Moves its broker's clock past a session's expiry, so it has a broker of its own.</summary>
public class AuthorizeExpiryTests(DataPlaneBrokerFixture broker) : IClassFixture<DataPlaneBrokerFixture>
{
    [Fact]
    public async Task Authorize_ExpiredSession_RefusedWithExpiredToken()
    {
        broker.SyncClock();
        using var bella = broker.Client(Bella.AccessKeyId.Value, Bella.SecretAccessKey);
        var credentials = (await bella.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = ReaderRole, RoleSessionName = "short", DurationSeconds = 900 })).Credentials;
        var url = "https://api.example.com/orders/5";
        JsonObject Signed() => DataPlaneBrokerFixture.Forwarded("GET", url, SdkRequestSigner.Sign(
            "GET", new Uri(url), "orders", credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken, signingTime: broker.Time.GetUtcNow()));
        var (_, before) = await broker.AuthorizeAsync(Signed());

        // Signed at the broker's time, so only the session's expiry (not the signature's age) can refuse it.
        broker.Time.Advance(TimeSpan.FromSeconds(901));
        var (_, after) = await broker.AuthorizeAsync(Signed());

        Assert.Equal("Allow", before.GetProperty("decision").GetString());
        Assert.Equal("Deny", after.GetProperty("decision").GetString());
        Assert.Equal("ExpiredToken", after.GetProperty("error").GetProperty("code").GetString());
    }
}
