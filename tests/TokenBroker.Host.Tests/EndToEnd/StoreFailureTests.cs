using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using TokenBroker.Tests;

namespace TokenBroker.Host.Tests.EndToEnd;

/// <summary>When the audit log or the revocation store cannot be used, nothing is issued or accepted (fail closed).</summary>
public class StoreFailureTests(ZeroRevocationCacheBrokerFixture broker) : IClassFixture<ZeroRevocationCacheBrokerFixture>
{
    private Task ExecuteAsync(string sql) => EmbeddedDatabase.ExecuteAsync(broker.DataFolder, sql);

    [Fact]
    public async Task AssumeRole_AuditWriteFails_ServiceUnavailableAndNoCredentials()
    {
        using var alice = broker.Client(TestDirectory.AliceKey.AccessKeyId.Value, TestDirectory.AliceKey.SecretAccessKey);
        await using (await BrokenAuditLog.BreakAsync(broker.DataFolder))
        {
            var error = await Assert.ThrowsAnyAsync<AmazonSecurityTokenServiceException>(() =>
                alice.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = "arn:aws:iam::111111111111:role/demo", RoleSessionName = "unaudited" }));

            Assert.Equal("ServiceUnavailable", error.ErrorCode);
            Assert.Equal(503, (int)error.StatusCode);
        }

        var after = await alice.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = "arn:aws:iam::111111111111:role/demo", RoleSessionName = "audited" });
        Assert.NotNull(after.Credentials);
    }

    [Fact]
    public async Task GetCallerIdentity_RevocationStoreUnreadable_ServiceUnavailableNotAccepted()
    {
        using var alice = broker.Client(TestDirectory.AliceKey.AccessKeyId.Value, TestDirectory.AliceKey.SecretAccessKey);
        var credentials = (await alice.GetSessionTokenAsync(new GetSessionTokenRequest())).Credentials;
        using var session = broker.Client(new SessionAWSCredentials(credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken));
        await ExecuteAsync("ALTER TABLE revocation_cutoffs RENAME TO revocation_cutoffs_away;");
        try
        {
            var error = await Assert.ThrowsAnyAsync<AmazonSecurityTokenServiceException>(() => session.GetCallerIdentityAsync(new GetCallerIdentityRequest()));

            Assert.Equal("ServiceUnavailable", error.ErrorCode);
        }
        finally
        {
            await ExecuteAsync("ALTER TABLE revocation_cutoffs_away RENAME TO revocation_cutoffs;");
        }

        Assert.Equal("arn:aws:iam::111111111111:user/alice", (await session.GetCallerIdentityAsync(new GetCallerIdentityRequest())).Arn);
    }
}
