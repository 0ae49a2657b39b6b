using System.Text;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Auth;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using Microsoft.Extensions.DependencyInjection;
using TokenBroker.Host.Iam;

namespace TokenBroker.Host.Tests.Iam;

/// <summary>
/// No input to any IAM action yields a 5xx: every action of the table gets every member it could read set to hostile
/// values (empty, oversized, control characters, bad numbers, broken JSON, foreign ARNs), signed by an administrator so
/// that binding, authorization and the operation all run.
/// </summary>
public class IamHostileInputTests(IamBrokerFixture broker) : IClassFixture<IamBrokerFixture>
{
    private static readonly string[] Members =
    [
        "UserName", "RoleName", "GroupName", "PolicyArn", "VersionId", "PolicyName", "PathPrefix", "Marker", "MaxItems", "AccessKeyId",
        "SAMLProviderArn", "OpenIDConnectProviderArn", "PolicySourceArn", "ActionNames.member.1", "ResourceArns.member.1",
        "PolicyInputList.member.1", "PermissionsBoundaryPolicyInputList.member.1", "ResourcePolicy", "CallerArn", "ResourceOwner",
        "Scope", "OnlyAttached", "PolicyUsageFilter", "AssignmentStatus", "Filter.member.1", "ContextEntries.member.1.ContextKeyName",
        "ContextEntries.member.1.ContextKeyValues.member.1", "ContextEntries.member.1.ContextKeyType",
        "Arn", "Granularity", "JobId", "ServiceNamespace",
    ];

    private static readonly string[] Values =
    [
        "", new string('x', 3000), "\u0001\u0002", "ü€😀", "-1", "99999999999", "{", "*", "arn:aws:iam::222222222222:user/zed",
        "arn:aws:iam::111111111111:user/engineering/alice", "/", "true", "AAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\",\"Condition\":{\"IpAddress\":{\"aws:SourceIp\":\"x\"}}}]}",
    ];

    [Fact]
    public async Task AnyIamAction_HostileMembers_NeverA5xx()
    {
        var actions = broker.Services.GetRequiredService<IamOperations>().Actions.Select(a => a.Name).Order(StringComparer.Ordinal).ToList();
        using var http = new HttpClient { BaseAddress = broker.Endpoint };
        var statuses = new HashSet<int>();
        foreach (var action in actions)
        {
            foreach (var value in Values)
            {
                broker.SyncClock();
                var form = $"Action={action}&Version=2010-05-08&" + string.Join('&', Members.Select(m => m + "=" + Uri.EscapeDataString(value)));
                var body = Encoding.UTF8.GetBytes(form);
                using var message = new HttpRequestMessage(HttpMethod.Post, "/") { Content = new ByteArrayContent(body) };
                message.Content.Headers.TryAddWithoutValidation("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
                foreach (var (name, header) in Sign(broker.Endpoint, body))
                {
                    message.Headers.TryAddWithoutValidation(name, header);
                }

                using var response = await http.SendAsync(message);
                Assert.True((int)response.StatusCode < 500, $"{(int)response.StatusCode} for {action} with '{value}': {await response.Content.ReadAsStringAsync()}");
                statuses.Add((int)response.StatusCode);
            }
        }

        // The inputs reached past authentication: validation errors and operation answers, not only signature failures.
        Assert.Contains(400, statuses);
        Assert.Contains(200, statuses);
    }

    private static IEnumerable<KeyValuePair<string, string>> Sign(Uri endpoint, byte[] body)
    {
        var request = new DefaultRequest(new GetCallerIdentityRequest(), "AmazonSecurityTokenService")
        {
            Endpoint = endpoint,
            HttpMethod = "POST",
            ResourcePath = "/",
            Content = body,
        };
        request.Headers["Content-Type"] = "application/x-www-form-urlencoded; charset=utf-8";
        var config = new AmazonSecurityTokenServiceConfig
        {
            ServiceURL = endpoint.ToString(),
            AuthenticationRegion = "us-east-1",
            AuthenticationServiceName = "iam",
        };
        var credentials = IamBrokerFixture.Admin;
        var result = new AWS4Signer().SignRequest(request, config, null, credentials["AWS_ACCESS_KEY_ID"], credentials["AWS_SECRET_ACCESS_KEY"]);
        request.Headers["Authorization"] = result.ForAuthorizationHeader;
        return [.. request.Headers.Where(h => h.Key is not ("Host" or "Content-Type" or "Content-Length"))];
    }
}
