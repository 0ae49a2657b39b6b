using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using Microsoft.Extensions.DependencyInjection;
using TokenBroker.Core.Audit;
using TokenBroker.Core.Ports;
using TokenBroker.Host.Query;

namespace TokenBroker.Host.Tests.EndToEnd;

/// <summary>
/// Every action of the STS table that issues credentials writes exactly one audit record per issuance and per
/// refusal, whether the refusal comes from authentication or from the operation.
/// </summary>
public sealed class AuditChokePointTests(BrokerFixture broker) : IClassFixture<BrokerFixture>
{
    private static readonly AnonymousAWSCredentials Anonymous = new();

    // One issuance (where a stock client can obtain one here) and one refusal per issuing action.
    private static readonly Dictionary<string, Func<AmazonSecurityTokenServiceClient, AmazonSecurityTokenServiceClient, Task<AmazonWebServiceResponse>>[]> Cases = new()
    {
        ["GetSessionToken"] =
        [
            async (alice, _) => await alice.GetSessionTokenAsync(new GetSessionTokenRequest { DurationSeconds = 900 }),
            async (alice, _) => await alice.GetSessionTokenAsync(new GetSessionTokenRequest { SerialNumber = TestDirectory.AliceMfaSerial }),
        ],
        ["AssumeRole"] =
        [
            async (alice, _) => await alice.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = "arn:aws:iam::111111111111:role/demo", RoleSessionName = "s1" }),
            async (alice, _) => await alice.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = "arn:aws:iam::111111111111:role/none", RoleSessionName = "s1" }),
        ],
        ["GetFederationToken"] =
        [
            async (alice, _) => await alice.GetFederationTokenAsync(new GetFederationTokenRequest { Name = "fed-audit", Policy = AllowAll }),
            async (alice, _) => await alice.GetFederationTokenAsync(new GetFederationTokenRequest { Name = "fed-bad", Policy = "{\"Statement\":1}" }),
        ],
        ["AssumeRoleWithSAML"] =
        [
            async (_, anonymous) => await anonymous.AssumeRoleWithSAMLAsync(new AssumeRoleWithSAMLRequest
            {
                RoleArn = "arn:aws:iam::111111111111:role/demo", PrincipalArn = "arn:aws:iam::111111111111:saml-provider/none",
                SAMLAssertion = Convert.ToBase64String("<Response/>"u8.ToArray()),
            }),
        ],
        ["AssumeRoleWithWebIdentity"] =
        [
            async (_, anonymous) => await anonymous.AssumeRoleWithWebIdentityAsync(new AssumeRoleWithWebIdentityRequest
            {
                RoleArn = "arn:aws:iam::111111111111:role/demo", RoleSessionName = "s1", WebIdentityToken = "a.b.c",
            }),
        ],
        ["GetWebIdentityToken"] =
        [
            async (alice, _) => await alice.GetWebIdentityTokenAsync(new GetWebIdentityTokenRequest { Audience = ["urn:a"], SigningAlgorithm = "ES384" }),
            async (alice, _) => await alice.GetWebIdentityTokenAsync(new GetWebIdentityTokenRequest { Audience = ["urn:a"], SigningAlgorithm = "HS256" }),
        ],
    };

    private const string AllowAll = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}""";

    [Fact]
    public void ActionTable_IssuingActions_EachHasAnAuditCase()
    {
        var issuing = broker.Services.GetRequiredService<StsOperations>().Actions.Where(a => a.IssuesCredentials).Select(a => a.Name);

        Assert.Equal(Cases.Keys.Order(StringComparer.Ordinal), issuing.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task IssuingActions_IssuedOrRefused_ExactlyOneRecordEach()
    {
        broker.SyncClock();
        using var alice = broker.Client(TestDirectory.AliceKey.AccessKeyId.Value, TestDirectory.AliceKey.SecretAccessKey);
        using var anonymous = broker.Client(Anonymous);
        var seen = new List<(string Action, string RequestId, AuditOutcome Outcome)>();
        foreach (var (action, calls) in Cases)
        {
            foreach (var call in calls)
            {
                try
                {
                    seen.Add((action, (await call(alice, anonymous)).ResponseMetadata.RequestId, AuditOutcome.Success));
                }
                catch (AmazonSecurityTokenServiceException exception)
                {
                    seen.Add((action, exception.RequestId, AuditOutcome.Failure));
                }
            }
        }

        var records = await broker.Services.GetRequiredService<IAuditLog>().QueryAsync(new AuditQuery(null, null, 1000), CancellationToken.None);
        foreach (var (action, requestId, outcome) in seen)
        {
            var record = Assert.Single(records, r => r.RequestId == requestId);
            Assert.Equal((action, outcome), (record.Action, record.Outcome));
        }

        Assert.Equal(Cases.Values.Sum(c => c.Length), seen.Count);
        Assert.Contains(seen, s => s.Outcome == AuditOutcome.Success);
    }

    [Fact]
    public async Task SignedIssuingAction_CallerNotAuthenticated_ExactlyOneRefusal()
    {
        broker.SyncClock();
        using var forged = broker.Client(TestDirectory.AliceKey.AccessKeyId.Value, "not-alices-secret-000000000000000000000000");

        var error = await Assert.ThrowsAnyAsync<AmazonSecurityTokenServiceException>(() =>
            forged.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = "arn:aws:iam::111111111111:role/demo", RoleSessionName = "s1" }));

        var records = await broker.Services.GetRequiredService<IAuditLog>().QueryAsync(new AuditQuery(null, null, 1000), CancellationToken.None);
        var record = Assert.Single(records, r => r.RequestId == error.RequestId);
        Assert.Equal(("AssumeRole", AuditOutcome.Failure, "SignatureDoesNotMatch"), (record.Action, record.Outcome, record.ErrorCode));
    }
}
