using TokenBroker.Core.DataPlane;

namespace TokenBroker.Cli.Tests;

public sealed class DirectoryApplyServicesTests : IDisposable
{
    private const string Directory = """
        accounts:
          - id: "222222222222"
            roles:
              - name: reader
                trustPolicy: { Version: "2012-10-17", Statement: [{ Effect: Allow, Principal: { AWS: "arn:aws:iam::222222222222:root" }, Action: "sts:AssumeRole" }] }
                policies:
                  - name: orders
                    document: { Version: "2012-10-17", Statement: [{ Effect: Allow, Action: ["orders:Get*", "orders:List*", "orders:GetOrdr"], Resource: "*" }, { Effect: Allow, Action: "sts:Get*", Resource: "*" }] }
        services:
          - prefix: orders
            account: "222222222222"
            actions:
              - { name: GetOrder,       accessLevel: Read,        resourceTypes: [order] }
              - { name: ListOrders,     accessLevel: List }
              - { name: CreateOrder,    accessLevel: Write,       conditionKeys: ["aws:RequestTag/${TagKey}", "aws:TagKeys"] }
              - { name: TagOrder,       accessLevel: Tagging,     resourceTypes: [order] }
              - { name: PutOrderPolicy, accessLevel: "Permissions management", resourceTypes: [order] }
            resourceTypes:
              - { name: order, arn: "arn:aws:orders:${Region}:${Account}:order/${OrderId}" }
            routes:
              - { method: GET,  path: "/orders/{OrderId}", action: GetOrder,    resource: order }
              - { method: GET,  path: "/orders",           action: ListOrders }
              - { method: POST, path: "/orders",           action: CreateOrder }
            resourcePolicies:
              - resource: "arn:aws:orders:*:222222222222:order/shared-*"
                document: { Version: "2012-10-17", Statement: [{ Effect: Allow, Principal: { AWS: "arn:aws:iam::111111111111:root" }, Action: "orders:GetOrder", Resource: "*" }] }
            proxyKeys:
              - { id: edge-1 }
              - { id: edge-2, secret: "edge-2-secret-000000000000000000000" }
        """;

    private readonly CliFixture _cli = new();

    public DirectoryApplyServicesTests() => _cli.Init();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Apply_ServiceCatalog_StoresCatalogWithHashedProxyKeysAndPrintsGeneratedSecretOnce()
    {
        var result = _cli.Apply(Directory);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("+ service orders in 222222222222", result.Output, StringComparison.Ordinal);
        var printed = System.Text.RegularExpressions.Regex.Match(result.Output, "ProxyKeyId=edge-1 Secret=(\\S+)");
        Assert.True(printed.Success, result.Output);
        Assert.DoesNotContain("edge-2-secret", result.Output, StringComparison.Ordinal);
        var stored = Assert.Single((await _cli.WithStoreAsync(s => s.Directory.ExportAsync(CancellationToken.None))).Services);
        Assert.Equal(5, stored.Actions.Count);
        Assert.Equal(AccessLevel.PermissionsManagement, stored.FindAction("putorderpolicy")!.AccessLevel);
        Assert.True(stored.ProxyKeys[0].Matches(printed.Groups[1].Value));
        Assert.True(stored.ProxyKeys[1].Matches("edge-2-secret-000000000000000000000"));
        Assert.DoesNotContain(printed.Groups[1].Value, ServiceCatalogJson.Write(stored), StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_PolicyNamesUndeclaredActionOfDeclaredService_WarnsAndApplies()
    {
        var result = _cli.Apply(Directory);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("warning: policy orders of arn:aws:iam::222222222222:role/reader names orders:GetOrdr", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("names orders:Get*", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_ServiceCatalog_PrintsPolicySummaryPerRole()
    {
        var result = _cli.Apply(Directory);

        Assert.Contains("arn:aws:iam::222222222222:role/reader: sts: Full: Read; orders: Full: List, Read", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Show_ServiceCatalog_ReappliesWithNoChangesAndKeepsProxyKeys()
    {
        _cli.Apply(Directory);

        var shown = _cli.Run("directory", "show");
        var reapplied = _cli.Apply(shown.Output, "shown.yaml");

        Assert.Contains("prefix: orders", shown.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", shown.Output, StringComparison.OrdinalIgnoreCase);
        Assert.EndsWith("No changes." + Environment.NewLine, reapplied.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("accessLevel: Read,        resourceTypes: [order] }", "accessLevel: Reading,     resourceTypes: [order] }", "access level 'Reading'")]
    [InlineData("action: GetOrder,    resource: order", "action: GetOrders,   resource: order", "names action 'GetOrders'")]
    [InlineData("path: \"/orders/{OrderId}\"", "path: \"/orders/{Id}\"", "does not give ${OrderId}")]
    [InlineData("arn: \"arn:aws:orders:${Region}", "arn: \"arn:aws:iam:${Region}", "ARN template")]
    [InlineData("account: \"222222222222\"\n    actions", "account: \"333333333333\"\n    actions", "not an account of this file")]
    [InlineData("{ name: ListOrders,     accessLevel: List }", "{ name: getorder,       accessLevel: List }", "action 'getorder' must be a unique name")]
    [InlineData("id: edge-2, secret: \"edge-2-secret-000000000000000000000\"", "id: edge-2, secret: short", "shorter than 32")]
    [InlineData("prefix: orders", "prefix: sts", "the broker's own")]
    [InlineData("Principal: { AWS: \"arn:aws:iam::111111111111:root\" }, ", "", "MalformedPolicyDocument")]
    public void Apply_InvalidCatalog_IsRejectedWithLine(string find, string replace, string expected)
    {
        var yaml = Directory.Replace("\r\n", "\n", StringComparison.Ordinal);
        Assert.Contains(find, yaml, StringComparison.Ordinal);

        var result = _cli.Apply(yaml.Replace(find, replace, StringComparison.Ordinal));

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
        Assert.Contains("directory.yaml:", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void PolicySummary_PolicyFiles_PrintsPerServiceLevelsFromBuiltInAndDeclaredCatalogs()
    {
        _cli.WriteFile("services.yaml", Directory);
        _cli.WriteFile("policy.json", """
            {"Version":"2012-10-17","Statement":[
              {"Effect":"Allow","Action":"orders:*","Resource":"*"},
              {"Effect":"Allow","Action":["sts:AssumeRole","sts:GetCallerIdentity"],"Resource":"*"},
              {"Effect":"Deny","Action":"orders:PutOrderPolicy","Resource":"*"}]}
            """);

        var result = _cli.Run("policy", "summary", _cli.PathOf("policy.json"), "--directory-file", _cli.PathOf("services.yaml"));

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(
            ["sts: Limited: Read, Write", "orders: Full: List, Read, Write, Tagging"],
            result.Output.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void PolicySummary_FullWildcard_SaysFullAccess()
    {
        _cli.WriteFile("all.json", """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}""");

        var result = _cli.Run("policy", "summary", _cli.PathOf("all.json"));

        Assert.Contains("sts: Full access", result.Output, StringComparison.Ordinal);
        Assert.Contains("tokenbroker: Full access", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void PolicySummary_AwsManageOwnCredentialsExample_IamLimitedListReadWrite()
    {
        _cli.WriteFile("self.json", """
            {"Version":"2012-10-17","Statement":[
              {"Effect":"Allow","Action":["iam:GetAccountPasswordPolicy","iam:ListVirtualMFADevices"],"Resource":"*"},
              {"Effect":"Allow","Action":["iam:ChangePassword","iam:GetUser","iam:CreateAccessKey","iam:DeleteAccessKey","iam:ListAccessKeys","iam:UpdateAccessKey"],
               "Resource":"arn:aws:iam::*:user/${aws:username}"}]}
            """);

        var result = _cli.Run("policy", "summary", _cli.PathOf("self.json"));

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["iam: Limited: List, Read, Write"], result.Output.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void PolicySummary_MisspelledIamAction_WarnsOnErrorStream()
    {
        _cli.WriteFile("typo.json", """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:List*","iam:GetUsr"],"Resource":"*"}]}""");

        var result = _cli.Run("policy", "summary", _cli.PathOf("typo.json"));

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("warning: typo.json names iam:GetUsr, which matches no iam action AWS publishes.", result.Error, StringComparison.Ordinal);
        Assert.Equal(["iam: Limited: List"], result.Output.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void Apply_PolicyWithUnknownIamAction_WarnsAndSummarizesIam()
    {
        var result = _cli.Apply("""
            accounts:
              - id: "222222222222"
                users:
                  - name: admin
                    policies:
                      - name: iam-admin
                        document: { Version: "2012-10-17", Statement: [{ Effect: Allow, Action: ["iam:*", "iam:CreatUser"], Resource: "*" }] }
            """);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("warning: policy iam-admin of arn:aws:iam::222222222222:user/admin names iam:CreatUser, which matches no iam action AWS publishes.",
            result.Output, StringComparison.Ordinal);
        Assert.Contains("arn:aws:iam::222222222222:user/admin: iam: Full access", result.Output, StringComparison.Ordinal);
    }
}
