using System.Text.Json.Nodes;
using Xunit;

namespace TokenBroker.Policy.Tests;

public sealed class ValidatorTests
{
    private static readonly string InvalidFile = Path.Combine(AppContext.BaseDirectory, "Validation", "invalid-policies.json");

    public static TheoryData<string> InvalidCases()
    {
        var data = new TheoryData<string>();
        foreach (var item in JsonNode.Parse(File.ReadAllText(InvalidFile))!.AsArray())
        {
            data.Add(item!["name"]!.GetValue<string>());
        }

        return data;
    }

    [Fact]
    public void InvalidCorpus_HasAtLeast100Documents()
    {
        Assert.True(InvalidCases().Count >= 100);
    }

    [Theory]
    [MemberData(nameof(InvalidCases))]
    public void Parse_InvalidDocument_ReportsAwsErrorAtPath(string name)
    {
        var item = JsonNode.Parse(File.ReadAllText(InvalidFile))!.AsArray().Single(i => i!["name"]!.GetValue<string>() == name)!;
        var kind = Enum.Parse<PolicyKind>(item["kind"]!.GetValue<string>());
        var expected = new PolicyError(item["path"]!.GetValue<string>(), item["message"]!.GetValue<string>());

        var result = PolicyDocument.Parse(item["document"]!.GetValue<string>(), kind);

        Assert.False(result.IsValid);
        Assert.Contains(expected, result.Errors);
    }

    [Theory]
    [InlineData("Identity", """{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}""")]
    [InlineData("Identity", """{"Statement":[{"Effect":"Allow","NotAction":"iam:*","NotResource":"arn:aws:s3:::b"}]}""")]
    [InlineData("Identity", """{"Version":"2008-10-17","Statement":[{"Sid":"","Effect":"deny","Action":["s3:Get*","S3:put?bject"],"Resource":"arn:aws:s3:::b/${aws:username}"}]}""")]
    [InlineData("Identity", """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::b","Condition":{"NumericLessThanEquals":{"s3:max-keys":10},"Bool":{"aws:SecureTransport":true},"ForAllValues:StringLikeIfExists":{"aws:TagKeys":[]}}}]}""")]
    [InlineData("Trust", """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::111122223333:saml-provider/Okta"},"Action":["sts:AssumeRoleWithSAML","sts:TagSession"],"Condition":{"StringEquals":{"SAML:aud":"https://signin.aws.amazon.com/saml"}}}]}""")]
    [InlineData("Trust", """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":["ec2.amazonaws.com"],"AWS":["111122223333","arn:aws:iam::111122223333:role/path/R","arn:aws:sts::111122223333:assumed-role/R/s"]},"Action":"sts:*"},{"Effect":"Deny","Principal":"*","Action":"*"}]}""")]
    [InlineData("Resource", """{"Version":"2012-10-17","Id":"Policy1","Statement":[{"Sid":"Public read, v2","Effect":"Deny","NotPrincipal":{"AWS":["arn:aws:iam::111122223333:root","AIDACKCEVSQ6C2EXAMPLE"]},"Action":"s3:*","Resource":["arn:aws:s3:::b","arn:aws:s3:::b/*"]}]}""")]
    [InlineData("Resource", """{"Statement":[{"Effect":"Allow","Principal":{"CanonicalUser":"79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}""")]
    [InlineData("Session", """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/${aws:PrincipalTag/team, 'none'}/*"}]}""")]
    [InlineData("PermissionsBoundary", """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEquals":{"aws:ResourceTag/aws:cloudformation:stack-name":"x"}}}]}""")]
    public void Parse_ValidDocument_Compiles(string kind, string document)
    {
        var result = PolicyDocument.Parse(document, Enum.Parse<PolicyKind>(kind));

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        Assert.Empty(result.Errors);
    }

    [Fact]
    public void Parse_SeveralProblems_ReportsEveryOneWithItsPath()
    {
        const string document = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3","Resource":"x"}]}""";

        var result = PolicyDocument.Parse(document, PolicyKind.Identity);

        Assert.Equal(3, result.Errors.Count);
        Assert.Contains(result.Errors, e => e.Path == "$.Statement[0].Principal");
        Assert.Contains(result.Errors, e => e.Path == "$.Statement[0].Action");
        Assert.Contains(result.Errors, e => e.Path == "$.Statement[0].Resource");
    }
}
