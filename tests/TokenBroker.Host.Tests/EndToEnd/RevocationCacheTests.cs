using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using Microsoft.Extensions.DependencyInjection;
using TokenBroker.Core.Ports;
using TokenBroker.Core.Revocation;

namespace TokenBroker.Host.Tests.EndToEnd;

/// <summary>With the default 5-second revocation cache, a new cutoff takes effect once the cached value ages out.</summary>
public class RevocationCacheTests(BrokerFixture broker) : IClassFixture<BrokerFixture>
{
    [Fact]
    public async Task GetCallerIdentity_RoleRevoked_ExpiredWithinCacheBound()
    {
        using var alice = broker.Client(TestDirectory.AliceKey.AccessKeyId.Value, TestDirectory.AliceKey.SecretAccessKey);
        var credentials = (await alice.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = "arn:aws:iam::111111111111:role/demo", RoleSessionName = "cached" })).Credentials;
        using var session = broker.Client(new SessionAWSCredentials(credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken));
        await session.GetCallerIdentityAsync(new GetCallerIdentityRequest());

        broker.Time.Advance(TimeSpan.FromSeconds(1));
        var store = broker.Services.GetRequiredService<IRevocationStore>();
        await store.SetCutoffAsync(RevocationScope.Role, "arn:aws:iam::111111111111:role/demo", broker.Time.GetUtcNow(), CancellationToken.None);
        broker.Time.Advance(RevocationChecker.DefaultCacheDuration);

        var error = await Assert.ThrowsAnyAsync<AmazonSecurityTokenServiceException>(() => session.GetCallerIdentityAsync(new GetCallerIdentityRequest()));
        Assert.Equal("ExpiredToken", error.ErrorCode);
    }
}
