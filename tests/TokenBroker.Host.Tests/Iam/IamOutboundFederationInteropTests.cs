using System.Text.Json;

namespace TokenBroker.Host.Tests.Iam;

/// <summary>
/// Issue 15's IAM switch with the stock aws CLI: enable, read, refuse twice, disable, and `directory apply` of a file
/// that does not name the switch keeps what the API set. Its own fixture, so the switch starts off.
/// </summary>
public sealed class IamOutboundFederationInteropTests : IAsyncLifetime
{
    private static readonly Dictionary<string, string> Admin = IamBrokerFixture.Admin;

    private readonly IamBrokerFixture _broker = new();

    public Task InitializeAsync() => _broker.InitializeAsync();

    public Task DisposeAsync() => _broker.DisposeAsync();

    [Fact]
    public async Task AwsCli_EnableGetDisable_WalkTheSwitchWithAwsErrors()
    {
        var before = await _broker.AwsIamAsync(Admin, "get-outbound-web-identity-federation-info");
        var enabled = await _broker.AwsIamAsync(Admin, "enable-outbound-web-identity-federation");
        var info = await _broker.AwsIamAsync(Admin, "get-outbound-web-identity-federation-info");
        var again = await _broker.AwsIamAsync(Admin, "enable-outbound-web-identity-federation");

        Assert.Contains("(FeatureDisabled)", before.Stderr, StringComparison.Ordinal);
        Assert.True(enabled.ExitCode == 0, enabled.Stderr);
        using (var json = JsonDocument.Parse(enabled.Stdout))
        {
            Assert.Equal(_broker.IssuerOf(IamBrokerFixture.Account), json.RootElement.GetProperty("IssuerIdentifier").GetString());
        }

        Assert.True(info.ExitCode == 0, info.Stderr);
        using (var json = JsonDocument.Parse(info.Stdout))
        {
            Assert.Equal(_broker.IssuerOf(IamBrokerFixture.Account), json.RootElement.GetProperty("IssuerIdentifier").GetString());
            Assert.True(json.RootElement.GetProperty("JwtVendingEnabled").GetBoolean());
        }

        Assert.Contains("(FeatureEnabled)", again.Stderr, StringComparison.Ordinal);

        var disabled = await _broker.AwsIamAsync(Admin, "disable-outbound-web-identity-federation");
        var disabledAgain = await _broker.AwsIamAsync(Admin, "disable-outbound-web-identity-federation");
        var after = await _broker.AwsIamAsync(Admin, "get-outbound-web-identity-federation-info");

        Assert.True(disabled.ExitCode == 0, disabled.Stderr);
        Assert.Contains("(FeatureDisabled)", disabledAgain.Stderr, StringComparison.Ordinal);
        Assert.Contains("(FeatureDisabled)", after.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Boto3_Enable_LetsGetWebIdentityTokenIssueForTheIssuer()
    {
        const string script = """
            import base64, json, sys, boto3
            url = sys.argv[1]
            sts = boto3.client("sts", endpoint_url=url, region_name="eu-west-1")
            iam = boto3.client("iam", endpoint_url=url, region_name="us-east-1")
            def token():
                try:
                    jwt = sts.get_web_identity_token(Audience=["https://service.example"], SigningAlgorithm="ES384")["WebIdentityToken"]
                    payload = jwt.split(".")[1]
                    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))["iss"]
                except sts.exceptions.ClientError as e:
                    return e.response["Error"]["Code"]
            before = token()
            issuer = iam.enable_outbound_web_identity_federation()["IssuerIdentifier"]
            after = token()
            print(json.dumps({"before": before, "issuer": issuer, "after": after}))
            """;

        var (exit, stdout, stderr) = await _broker.Boto3Async(Admin, script);

        Assert.True(exit == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        Assert.Equal("OutboundWebIdentityFederationDisabledException", json.RootElement.GetProperty("before").GetString());
        Assert.Equal(_broker.IssuerOf(IamBrokerFixture.Account), json.RootElement.GetProperty("issuer").GetString());
        Assert.Equal(_broker.IssuerOf(IamBrokerFixture.Account), json.RootElement.GetProperty("after").GetString());
    }

    [Fact]
    public async Task DirectoryApply_FileSilentOnTheSwitch_KeepsWhatTheApiEnabled()
    {
        var enabled = await _broker.AwsIamAsync(Admin, "enable-outbound-web-identity-federation");

        var output = await _broker.ApplyAsync(IamBrokerFixture.DirectoryFile);
        var info = await _broker.AwsIamAsync(Admin, "get-outbound-web-identity-federation-info");

        Assert.True(enabled.ExitCode == 0, enabled.Stderr);
        Assert.Contains("No changes.", output, StringComparison.Ordinal);
        Assert.True(info.ExitCode == 0, info.Stderr);
    }

    [Fact]
    public async Task AwsCli_EnableWithoutIamPermission_IsAccessDenied()
    {
        var (exit, _, stderr) = await _broker.AwsIamAsync(IamBrokerFixture.Auditor, "enable-outbound-web-identity-federation");

        Assert.NotEqual(0, exit);
        Assert.Contains("iam:EnableOutboundWebIdentityFederation on resource: * because no identity-based policy allows", stderr, StringComparison.Ordinal);
    }
}
