using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using Microsoft.Extensions.DependencyInjection;
using TokenBroker.Core.Audit;
using TokenBroker.Core.Credentials;
using TokenBroker.Core.Model;
using TokenBroker.Core.Ports;
using TokenBroker.Core.Revocation;
using StsCredentials = Amazon.SecurityToken.Model.Credentials;

namespace TokenBroker.Host.Tests.EndToEnd;

/// <summary>Cutoffs set while the broker runs (no revocation cache): credentials issued before them stop working at once.</summary>
public class RevocationTests(ZeroRevocationCacheBrokerFixture broker) : IClassFixture<ZeroRevocationCacheBrokerFixture>
{
    private const string DemoRole = "arn:aws:iam::111111111111:role/demo";

    private AmazonSecurityTokenServiceClient Alice() =>
        broker.Client(TestDirectory.AliceKey.AccessKeyId.Value, TestDirectory.AliceKey.SecretAccessKey);

    private AmazonSecurityTokenServiceClient Client(StsCredentials credentials) =>
        broker.Client(new SessionAWSCredentials(credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken));

    private async Task<StsCredentials> AssumeDemoAsync(string sessionName, string? sourceIdentity = null)
    {
        using var alice = Alice();
        var response = await alice.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = DemoRole, RoleSessionName = sessionName, SourceIdentity = sourceIdentity });
        return response.Credentials;
    }

    private async Task<string> CallerArnAsync(StsCredentials credentials)
    {
        using var session = Client(credentials);
        return (await session.GetCallerIdentityAsync(new GetCallerIdentityRequest())).Arn;
    }

    private async Task AssertRevokedAsync(StsCredentials credentials)
    {
        using var session = Client(credentials);
        var error = await Assert.ThrowsAnyAsync<AmazonSecurityTokenServiceException>(() => session.GetCallerIdentityAsync(new GetCallerIdentityRequest()));
        Assert.Equal("ExpiredToken", error.ErrorCode);
        Assert.Equal("The security token included in the request is expired", error.Message);
    }

    // Issue times have whole-second precision: the clock moves a second either side of the cutoff so "before" and
    // "after" are unambiguous.
    private async Task RevokeAsync(RevocationScope scope, string subject)
    {
        broker.Time.Advance(TimeSpan.FromSeconds(1));
        var store = broker.Services.GetRequiredService<IRevocationStore>();
        await store.SetCutoffAsync(scope, RevocationSubjects.Normalize(scope, subject), broker.Time.GetUtcNow(), CancellationToken.None);
        broker.Time.Advance(TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task GetCallerIdentity_RoleRevoked_OlderSessionsExpiredNewerWork()
    {
        var before = await AssumeDemoAsync("role-before");
        Assert.EndsWith("/role-before", await CallerArnAsync(before), StringComparison.Ordinal);

        await RevokeAsync(RevocationScope.Role, DemoRole);
        var after = await AssumeDemoAsync("role-after");

        await AssertRevokedAsync(before);
        Assert.EndsWith("/role-after", await CallerArnAsync(after), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetCallerIdentity_RoleRevokedWithOtherCaseAndPath_StillRevoked()
    {
        var before = await AssumeDemoAsync("role-case");

        await RevokeAsync(RevocationScope.Role, "arn:aws:iam::111111111111:role/some/path/DEMO");

        await AssertRevokedAsync(before);
    }

    [Fact]
    public async Task GetCallerIdentity_SessionRevoked_OnlyThatSessionExpired()
    {
        var victim = await AssumeDemoAsync("session-victim");
        var other = await AssumeDemoAsync("session-other");

        await RevokeAsync(RevocationScope.Session, victim.AccessKeyId);

        await AssertRevokedAsync(victim);
        Assert.EndsWith("/session-other", await CallerArnAsync(other), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AssumeRole_ChainingFromRevokedSourceIdentity_IsExpiredToken()
    {
        var victim = await AssumeDemoAsync("si-victim", "victim@example.com");
        using var hop1 = Client(victim);
        var hop2 = (await hop1.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = "arn:aws:iam::111111111111:role/chain-2", RoleSessionName = "hop2" })).Credentials;
        var other = await AssumeDemoAsync("si-other", "other@example.com");

        await RevokeAsync(RevocationScope.SourceIdentity, "victim@example.com");

        var chained = await Assert.ThrowsAnyAsync<AmazonSecurityTokenServiceException>(() =>
            hop1.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = "arn:aws:iam::111111111111:role/chain-2", RoleSessionName = "hop2b" }));
        Assert.Equal("ExpiredToken", chained.ErrorCode);
        var refused = await broker.Services.GetRequiredService<IAuditLog>().QueryAsync(new AuditQuery(null, "AssumeRole", 1000), CancellationToken.None);
        Assert.Equal(("ExpiredToken", "hop2b"), refused.Where(r => r.RequestId == chained.RequestId).Select(r => (r.ErrorCode, r.SessionName)).Single());
        await AssertRevokedAsync(hop2);
        Assert.EndsWith("/si-other", await CallerArnAsync(other), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetCallerIdentity_UserPrincipalRevoked_SessionTokenAndFederationTokenExpiredLongTermKeyWorks()
    {
        using var alice = Alice();
        var userSession = (await alice.GetSessionTokenAsync(new GetSessionTokenRequest())).Credentials;
        var federated = (await alice.GetFederationTokenAsync(new GetFederationTokenRequest { Name = "fed-alice" })).Credentials;

        await RevokeAsync(RevocationScope.Principal, "arn:aws:iam::111111111111:user/alice");

        await AssertRevokedAsync(userSession);
        await AssertRevokedAsync(federated);

        // Long-term keys carry no issue time and are not affected, as in AWS (id_roles_use_revoke-sessions).
        Assert.Equal("arn:aws:iam::111111111111:user/alice", (await alice.GetCallerIdentityAsync(new GetCallerIdentityRequest())).Arn);
        var fresh = (await alice.GetSessionTokenAsync(new GetSessionTokenRequest())).Credentials;
        Assert.Equal("arn:aws:iam::111111111111:user/alice", await CallerArnAsync(fresh));
    }

    [Fact]
    public async Task GetCallerIdentity_SessionArnRevoked_OtherSessionNameWorks()
    {
        var victim = await AssumeDemoAsync("arn-victim");
        var other = await AssumeDemoAsync("arn-other");

        await RevokeAsync(RevocationScope.Principal, "arn:aws:sts::111111111111:assumed-role/demo/arn-victim");

        await AssertRevokedAsync(victim);
        Assert.EndsWith("/arn-other", await CallerArnAsync(other), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetCallerIdentity_SigningKeyRevoked_EverySessionItSignedExpired()
    {
        var first = await AssumeDemoAsync("key-1");
        using var alice = Alice();
        var second = (await alice.GetSessionTokenAsync(new GetSessionTokenRequest())).Credentials;
        var verifier = broker.Services.GetRequiredService<CredentialVerifier>();
        var verified = await verifier.VerifyAsync(AccessKeyId.Parse(first.AccessKeyId), first.SessionToken, CancellationToken.None);

        await RevokeAsync(RevocationScope.SigningKey, verified.Value.SigningKeyId);

        await AssertRevokedAsync(first);
        await AssertRevokedAsync(second);
    }
}
