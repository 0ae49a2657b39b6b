using System.Text.Json.Nodes;
using TokenBroker.Policy.Simulation;
using Xunit;

namespace TokenBroker.Policy.Tests;

public sealed class PolicySimulatorTests
{
    private const string AllowRead = """{"Version":"2012-10-17","Statement":[{"Sid":"AllowRead","Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}""";

    [Fact]
    public async Task RunAsync_MultiLineInput_WritesOneResultPerRequestInOrder()
    {
        var lines = new[]
        {
            $$$"""{"id":"allow","principalArn":"arn:aws:iam::111122223333:user/alice","action":"s3:GetObject","resourceArn":"arn:aws:s3:::b/k","identityPolicies":[{{{AllowRead}}}]}""",
            "this is not json",
            "",
            $$$"""{"id":"string-policy","principalArn":"arn:aws:iam::111122223333:user/alice","action":"s3:PutObject","resourceArn":"arn:aws:s3:::b/k","identityPolicies":[{{{JsonValue.Create(AllowRead).ToJsonString()}}}]}""",
            """{"id":"invalid","action":"s3:GetObject","resourceArn":"arn:aws:s3:::b/k","identityPolicies":[{"Statement":{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"}}]}""",
            $$$$"""{"id":"deny","principalArn":"arn:aws:iam::111122223333:user/alice","action":"s3:GetObject","resourceArn":"arn:aws:s3:::b/k","identityPolicies":[{{{{AllowRead}}}}],"sessionPolicies":[],"permissionsBoundary":{"Statement":{"Sid":"No","Effect":"Deny","Action":"*","Resource":"*"}}}""",
            """{"id":"missing","action":"s3:GetObject"}""",
        };
        using var input = new StringReader(string.Join('\n', lines));
        using var output = new StringWriter();

        var count = await new PolicySimulator().RunAsync(input, output);

        var results = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).ToList();
        Assert.Equal(6, count);
        Assert.Equal(6, results.Count);
        AssertResult(results[0], "allow", "Allow", ["identity[0]#AllowRead"], []);
        AssertResult(results[1], null, "Error", [], ["Request line is not valid JSON."]);
        AssertResult(results[2], "string-policy", "ImplicitDeny", [], []);
        AssertResult(results[3], "invalid", "Error", [], ["identity[0]: Policy document should not specify a principal."]);
        AssertResult(results[4], "deny", "ExplicitDeny", ["boundary#No"], []);
        AssertResult(results[5], "missing", "Error", [], ["Missing required field: resourceArn."]);
    }

    [Fact]
    public void SimulateLine_TrustPolicyKind_RequiresExplicitAllowFromTrustPolicy()
    {
        var line = """
            {"id":"t","principalArn":"arn:aws:iam::111122223333:user/alice","action":"sts:AssumeRole",
             "resourceArn":"arn:aws:iam::111122223333:role/R","resourcePolicyKind":"trust",
             "identityPolicies":[{"Statement":{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}}],
             "resourcePolicy":{"Statement":{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}}}
            """.ReplaceLineEndings(string.Empty);

        var result = JsonNode.Parse(new PolicySimulator().SimulateLine(line))!;

        AssertResult(result, "t", "ImplicitDeny", [], []);
    }

    [Fact]
    public void SimulateLine_ContextArrayAndCaseInsensitiveKeys_AreHonoured()
    {
        var line = """
            {"id":"c","principalArn":"arn:aws:iam::111122223333:user/alice","action":"s3:GetObject","resourceArn":"arn:aws:s3:::b/k",
             "identityPolicies":[{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*",
               "Condition":{"ForAllValues:StringEquals":{"AWS:TAGKEYS":["a","b"]},"IpAddress":{"aws:sourceip":"203.0.113.0/24"}}}}],
             "context":{"aws:TagKeys":["a","b"],"aws:SourceIp":"203.0.113.9"}}
            """.ReplaceLineEndings(string.Empty);

        var result = JsonNode.Parse(new PolicySimulator().SimulateLine(line))!;

        AssertResult(result, "c", "Allow", ["identity[0]#0"], []);
    }

    private static void AssertResult(JsonNode result, string? id, string decision, string[] statements, string[] errors)
    {
        Assert.Equal(id, result["id"]?.GetValue<string>());
        Assert.Equal(decision, result["decision"]!.GetValue<string>());
        Assert.Equal(statements, result["statements"]!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.Equal(errors, result["errors"]!.AsArray().Select(s => s!.GetValue<string>()));
    }
}
