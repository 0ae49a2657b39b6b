using System.Text.Json.Nodes;
using Amazon.SecurityToken.Model;
using static TokenBroker.Host.Tests.DataPlane.DataPlaneDirectory;

namespace TokenBroker.Host.Tests.DataPlane;

/// <summary>Moves its authorizer's clock past a session's expiry, so it has an authorizer of its own.</summary>
public class LambdaAuthorizerExpiryTests(LambdaAuthorizerFixture fixture) : IClassFixture<LambdaAuthorizerFixture>
{
    [Fact]
    public async Task Authorizer_ExpiredSession_NotAuthorized()
    {
        fixture.Broker.SyncClock();
        using var bella = fixture.Broker.Client(Bella.AccessKeyId.Value, Bella.SecretAccessKey);
        var credentials = (await bella.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = ReaderRole, RoleSessionName = "short", DurationSeconds = 900 })).Credentials;
        JsonObject Event() => LambdaAuthorizerTests.AuthorizerEvent("GET", "/orders/7", SdkRequestSigner.Sign("GET", new Uri($"https://{LambdaAuthorizerTests.Domain}/orders/7"), "orders",
            credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken, signingTime: fixture.Broker.Time.GetUtcNow()));
        var before = await fixture.RuntimeApi.InvokeAsync(Event().ToJsonString());

        // Signed at the broker's time, so only the session's expiry (not the signature's age) can refuse it.
        fixture.Broker.Time.Advance(TimeSpan.FromSeconds(901));
        // The Runtime API's deadline is in real time: set it past the moved clock, so only the expiry can deny.
        var after = await fixture.RuntimeApi.InvokeAsync(Event().ToJsonString(), TimeSpan.FromSeconds(1000));

        Assert.Equal("response", after.Kind);
        Assert.True(before.Document.GetProperty("isAuthorized").GetBoolean());
        Assert.Equal("short", before.Document.GetProperty("context").GetProperty("sessionName").GetString());
        Assert.False(after.Document.GetProperty("isAuthorized").GetBoolean());
    }
}
