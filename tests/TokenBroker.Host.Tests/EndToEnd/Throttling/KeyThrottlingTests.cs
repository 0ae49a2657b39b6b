using System.Net;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using Microsoft.Extensions.DependencyInjection;
using TokenBroker.Core.Audit;
using TokenBroker.Core.Ports;

namespace TokenBroker.Host.Tests.EndToEnd.Throttling;

/// <summary>Authenticated requests are limited per access key id; a forged request cannot spend another key's allowance.</summary>
public sealed class KeyThrottlingTests(KeyThrottledBrokerFixture broker) : IClassFixture<KeyThrottledBrokerFixture>
{
    [Fact]
    public async Task SignedRequests_OverKeyLimit_SdkWithoutRetriesSeesThrottling()
    {
        broker.SyncClock();
        using var counter = new ThrottleCounter(broker.Services);
        var recorder = new ResponseRecorder();
        using var alice = SourceAddress.Sts(broker.Endpoint, "127.0.0.21", TestDirectory.AliceKey.AccessKeyId.Value, TestDirectory.AliceKey.SecretAccessKey, recorder);
        for (var i = 0; i < 3; i++)
        {
            await alice.GetCallerIdentityAsync(new GetCallerIdentityRequest());
        }

        var error = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => alice.GetCallerIdentityAsync(new GetCallerIdentityRequest()));

        Assert.Equal("Throttling", error.ErrorCode);
        Assert.Equal("Rate exceeded", error.Message);
        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Equal("text/xml", recorder.LastContentType);
        Assert.Equal(ThrottlingXml.For(recorder.LastRequestId), recorder.LastBody);
        Assert.Equal(1, counter["access_key"]);
        Assert.Equal(0, counter["source"]);
    }

    [Fact]
    public async Task OtherKey_WhileOneKeyIsThrottled_Served()
    {
        broker.SyncClock();
        using var carol = broker.Client(TestDirectory.CarolKey.AccessKeyId.Value, TestDirectory.CarolKey.SecretAccessKey);
        var session = (await carol.AssumeRoleAsync(new AssumeRoleRequest
        {
            RoleArn = "arn:aws:iam::111111111111:role/cross-account", RoleSessionName = "throttled", ExternalId = "ext-123",
        })).Credentials;
        using var sessionClient = broker.Client(new Amazon.Runtime.SessionAWSCredentials(session.AccessKeyId, session.SecretAccessKey, session.SessionToken));
        for (var i = 0; i < 2; i++)
        {
            await carol.GetCallerIdentityAsync(new GetCallerIdentityRequest());
        }

        var error = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => carol.GetCallerIdentityAsync(new GetCallerIdentityRequest()));
        var identity = await sessionClient.GetCallerIdentityAsync(new GetCallerIdentityRequest());

        Assert.Equal("Throttling", error.ErrorCode);
        Assert.Equal("arn:aws:sts::111111111111:assumed-role/cross-account/throttled", identity.Arn);
    }

    [Fact]
    public async Task ForgedSignatures_NamingAnotherKey_CannotSpendItsAllowance()
    {
        broker.SyncClock();
        using var forger = broker.Client(TestDirectory.DaveKey.AccessKeyId.Value, "not-dave-secret-0000000000000000000000000");
        using var dave = broker.Client(TestDirectory.DaveKey.AccessKeyId.Value, TestDirectory.DaveKey.SecretAccessKey);
        for (var i = 0; i < 10; i++)
        {
            var forged = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => forger.GetCallerIdentityAsync(new GetCallerIdentityRequest()));
            Assert.Equal("SignatureDoesNotMatch", forged.ErrorCode);
        }

        for (var i = 0; i < 3; i++)
        {
            var identity = await dave.GetCallerIdentityAsync(new GetCallerIdentityRequest());
            Assert.Equal("arn:aws:iam::111111111111:user/dave", identity.Arn);
        }
    }

    [Fact]
    public async Task GetSessionTokenOverKeyLimit_Throttled_NotAudited()
    {
        broker.SyncClock();
        var erinKeyId = TestDirectory.ErinKey.AccessKeyId.Value;
        using var erin = broker.Client(erinKeyId, TestDirectory.ErinKey.SecretAccessKey);

        var outcomes = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            try
            {
                await erin.GetSessionTokenAsync(new GetSessionTokenRequest());
                outcomes.Add("issued");
            }
            catch (AmazonSecurityTokenServiceException error)
            {
                outcomes.Add(error.ErrorCode);
            }
        }

        Assert.Equal(["issued", "issued", "issued", "Throttling", "Throttling"], outcomes);
        var records = await broker.Services.GetRequiredService<IAuditLog>().QueryAsync(new AuditQuery(null, null, 1000), CancellationToken.None);
        Assert.Equal(3, records.Count(r => r.CallerAccessKeyId == erinKeyId && r.Action == "GetSessionToken"));
    }
}
