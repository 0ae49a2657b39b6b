using System.Text.Json.Nodes;
using Amazon.SecurityToken.Model;
using Microsoft.Extensions.DependencyInjection;
using TokenBroker.Core.Ports;
using TokenBroker.Core.Revocation;
using static TokenBroker.Host.Tests.DataPlane.DataPlaneDirectory;

namespace TokenBroker.Host.Tests.DataPlane;

/// <summary>
/// A session revoked while the authorizer serves it (tokenbroker revoke --session writes the same cutoff) is refused
/// by the next authorizer event once the configured revocation cache bound has passed; another session is not.
/// </summary>
public class LambdaAuthorizerRevocationTests(CachedRevocationAuthorizerFixture fixture) : IClassFixture<CachedRevocationAuthorizerFixture>
{
    [Fact]
    public async Task Authorizer_SessionRevoked_NotAuthorizedWithinCacheBound()
    {
        fixture.Broker.SyncClock();
        using var bella = fixture.Broker.Client(Bella.AccessKeyId.Value, Bella.SecretAccessKey);
        var revoked = (await bella.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = ReaderRole, RoleSessionName = "revoked" })).Credentials;
        var kept = (await bella.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = ReaderRole, RoleSessionName = "kept" })).Credentials;
        var before = await AuthorizeAsync(revoked);

        fixture.Broker.Time.Advance(TimeSpan.FromSeconds(1));
        await fixture.Broker.Services.GetRequiredService<IRevocationStore>().SetCutoffAsync(
            RevocationScope.Session, revoked.AccessKeyId, fixture.Broker.Time.GetUtcNow(), CancellationToken.None);
        // The bound the authorizer was configured with, never a sleep: the cutoff it cached as absent ages out.
        fixture.Broker.Time.Advance(fixture.AuthorizerServices.GetRequiredService<BrokerSettings>().RevocationCacheDuration);
        var after = await AuthorizeAsync(revoked);
        var other = await AuthorizeAsync(kept);

        Assert.True(before, "the session was authorized before it was revoked");
        Assert.False(after, "the revoked session is refused once the revocation cache bound has passed");
        Assert.True(other, "a session that was not revoked is still authorized");
    }

    // Signed at the broker's clock for the event's own time, so only the session's state can refuse it.
    private async Task<bool> AuthorizeAsync(Amazon.SecurityToken.Model.Credentials credentials)
    {
        JsonObject authorizerEvent = LambdaAuthorizerTests.AuthorizerEvent("GET", "/orders/7", SdkRequestSigner.Sign(
            "GET", new Uri($"https://{LambdaAuthorizerTests.Domain}/orders/7"), "orders",
            credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken, signingTime: fixture.Broker.Time.GetUtcNow()));
        var reply = await fixture.RuntimeApi.InvokeAsync(authorizerEvent.ToJsonString(), TimeSpan.FromSeconds(120));
        Assert.Equal("response", reply.Kind);
        return reply.Document.GetProperty("isAuthorized").GetBoolean();
    }
}
