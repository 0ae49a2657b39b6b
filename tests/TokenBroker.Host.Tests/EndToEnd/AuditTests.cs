using System.Text;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using Microsoft.Extensions.DependencyInjection;
using TokenBroker.Core.Audit;
using TokenBroker.Core.Ports;

namespace TokenBroker.Host.Tests.EndToEnd;

/// <summary>Every credential issued or refused leaves an audit record before the response, with no secret in it.</summary>
public class AuditTests(BrokerFixture broker) : IClassFixture<BrokerFixture>
{
    private AmazonSecurityTokenServiceClient Alice() =>
        broker.Client(TestDirectory.AliceKey.AccessKeyId.Value, TestDirectory.AliceKey.SecretAccessKey);

    private async Task<AuditRecord> RecordOfAsync(string requestId)
    {
        var log = broker.Services.GetRequiredService<IAuditLog>();
        var records = await log.QueryAsync(new AuditQuery(null, null, 1000), CancellationToken.None);
        return Assert.Single(records, r => r.RequestId == requestId);
    }

    [Fact]
    public async Task AssumeRole_Issued_RecordedBeforeResponse()
    {
        using var alice = Alice();

        var response = await alice.AssumeRoleAsync(new AssumeRoleRequest
        {
            RoleArn = "arn:aws:iam::111111111111:role/demo", RoleSessionName = "audited", SourceIdentity = "alice@example.com",
        });

        var record = await RecordOfAsync(response.ResponseMetadata.RequestId);
        Assert.Equal("AssumeRole", record.Action);
        Assert.Equal(AuditOutcome.Success, record.Outcome);
        Assert.Null(record.ErrorCode);
        Assert.Equal("arn:aws:iam::111111111111:user/alice", record.CallerArn);
        Assert.Equal(TestDirectory.AliceKey.AccessKeyId.Value, record.CallerAccessKeyId);
        Assert.Equal("127.0.0.1", record.SourceIp);
        Assert.Contains("aws-sdk-dotnet", record.UserAgent, StringComparison.Ordinal);
        Assert.Equal("arn:aws:iam::111111111111:role/demo", record.RoleArn);
        Assert.Equal("audited", record.SessionName);
        Assert.Equal("alice@example.com", record.SourceIdentity);
        Assert.Equal(response.Credentials.AccessKeyId, record.IssuedAccessKeyId);
        Assert.Equal(response.Credentials.Expiration!.Value.ToUniversalTime(), record.Expiration!.Value.UtcDateTime);
        Assert.Equal(0, record.PackedPolicySize);
    }

    [Fact]
    public async Task AssumeRole_AccessDenied_RecordedAsFailure()
    {
        using var dave = broker.Client(TestDirectory.DaveKey.AccessKeyId.Value, TestDirectory.DaveKey.SecretAccessKey);

        var error = await Assert.ThrowsAnyAsync<AmazonSecurityTokenServiceException>(() =>
            dave.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = "arn:aws:iam::111111111111:role/root-trust", RoleSessionName = "denied" }));

        var record = await RecordOfAsync(error.RequestId);
        Assert.Equal(AuditOutcome.Failure, record.Outcome);
        Assert.Equal("AccessDenied", record.ErrorCode);
        Assert.Equal("arn:aws:iam::111111111111:user/dave", record.CallerArn);
        Assert.Equal("arn:aws:iam::111111111111:role/root-trust", record.RoleArn);
        Assert.Equal("denied", record.SessionName);
        Assert.Null(record.IssuedAccessKeyId);
    }

    [Fact]
    public async Task GetSessionTokenAndGetFederationToken_Issued_Recorded()
    {
        using var alice = Alice();

        var session = await alice.GetSessionTokenAsync(new GetSessionTokenRequest());
        var federated = await alice.GetFederationTokenAsync(new GetFederationTokenRequest { Name = "fed-audit" });

        var sessionRecord = await RecordOfAsync(session.ResponseMetadata.RequestId);
        var federatedRecord = await RecordOfAsync(federated.ResponseMetadata.RequestId);
        Assert.Equal(("GetSessionToken", session.Credentials.AccessKeyId), (sessionRecord.Action, sessionRecord.IssuedAccessKeyId));
        Assert.Equal(("GetFederationToken", "fed-audit", federated.Credentials.AccessKeyId),
            (federatedRecord.Action, federatedRecord.SessionName, federatedRecord.IssuedAccessKeyId));
    }

    [Fact]
    public async Task AuditLog_AfterIssuance_DatabaseHoldsNoSecretOrToken()
    {
        using var alice = Alice();
        var issued = new List<Credentials>
        {
            (await alice.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = "arn:aws:iam::111111111111:role/demo", RoleSessionName = "grep" })).Credentials,
            (await alice.GetSessionTokenAsync(new GetSessionTokenRequest())).Credentials,
        };
        using var session = broker.Client(new SessionAWSCredentials(issued[0].AccessKeyId, issued[0].SecretAccessKey, issued[0].SessionToken));
        await Assert.ThrowsAnyAsync<AmazonSecurityTokenServiceException>(() => session.GetSessionTokenAsync(new GetSessionTokenRequest()));

        var bytes = DatabaseBytes();

        Assert.True(Holds(bytes, issued[0].AccessKeyId));
        foreach (var credentials in issued)
        {
            Assert.False(Holds(bytes, credentials.SecretAccessKey));
            Assert.False(Holds(bytes, credentials.SessionToken[..64]));
            Assert.False(Holds(bytes, credentials.SessionToken[^64..]));
        }

        Assert.False(Holds(bytes, TestDirectory.AliceKey.SecretAccessKey));
    }

    private static bool Holds(byte[][] files, string text) => DatabaseFiles.Hold(files, Encoding.UTF8.GetBytes(text));

    private byte[][] DatabaseBytes() => DatabaseFiles.Read(broker.DataFolder);
}
