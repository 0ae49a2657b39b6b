using System.Text.Json;
using TokenBroker.Host.Tests.Interop;
using TokenBroker.Tests;
using static TokenBroker.Host.Tests.Outbound.OutboundDirectory;

namespace TokenBroker.Host.Tests.Outbound;

/// <summary>
/// GetWebIdentityToken through clients no one here wrote (the aws CLI, boto3), and its tokens verified by verifiers no
/// one here wrote (node jose with createRemoteJWKSet, PyJWT with PyJWKClient), each given only the issuer URL and
/// fetching discovery and JWKS over HTTP from the running broker.
/// </summary>
public sealed class WebIdentityTokenInteropTests(OutboundBrokerFixture broker) : IClassFixture<OutboundBrokerFixture>
{
    private static readonly string JoseScript = Repository.File("tests", "jose-verifier", "verify.mjs");

    // PyJWT from Debian's python3-jwt (PyPI is not reachable here): only the discovery URL, then PyJWKClient on jwks_uri.
    private const string PyJwtScript = """
        import json, sys, urllib.request, jwt
        issuer, audience, token = sys.argv[1], sys.argv[2], sys.stdin.read().strip()
        discovery = json.load(urllib.request.urlopen(issuer + "/.well-known/openid-configuration"))
        key = jwt.PyJWKClient(discovery["jwks_uri"]).get_signing_key_from_jwt(token)
        claims = jwt.decode(token, key.key, algorithms=discovery["id_token_signing_alg_values_supported"],
                            audience=audience, issuer=discovery["issuer"])
        print(json.dumps(claims))
        """;

    // aws CLI v1 fetches a parameter that starts with https:// and passes the page instead (cli_follow_urlparam), so
    // an https audience goes in through --cli-input-json, which it takes literally.
    private static readonly string[] AudienceInput = ["--cli-input-json", "{\"Audience\":[\"" + Audience + "\"]}"];

    private static Dictionary<string, string> Environment(Core.Model.AccessKey key) =>
        ExternalClient.Credentials(key.AccessKeyId.Value, key.SecretAccessKey);

    [Theory]
    [InlineData("ES384")]
    [InlineData("RS256")]
    public async Task AwsCli_GetWebIdentityToken_VerifiesWithJoseAndPyJwt(string algorithm)
    {
        broker.SyncClock();
        var (exit, stdout, stderr) = await ExternalClient.RunAsync("aws",
            ["sts", "get-web-identity-token", .. AudienceInput, "--signing-algorithm", algorithm, "--duration-seconds", "600",
             "--tags", "Key=job,Value=7", "--endpoint-url", broker.Endpoint.ToString(), "--output", "json"], Environment(IssuerKey));
        Assert.True(exit == 0, stderr);
        using var response = JsonDocument.Parse(stdout);
        var token = response.RootElement.GetProperty("WebIdentityToken").GetString()!;
        Assert.True(response.RootElement.TryGetProperty("Expiration", out _));

        using var jose = await JoseAsync(token, Audience);
        using var pyjwt = await PyJwtAsync(token, Audience);

        Assert.Equal(algorithm, jose.RootElement.GetProperty("alg").GetString());
        foreach (var payload in new[] { jose.RootElement.GetProperty("payload"), pyjwt.RootElement })
        {
            Assert.Equal("arn:aws:iam::333333333333:user/issuer", payload.GetProperty("sub").GetString());
            Assert.Equal(600, payload.GetProperty("exp").GetInt64() - payload.GetProperty("iat").GetInt64());
            Assert.Equal("7", payload.GetProperty("https://sts.amazonaws.com/").GetProperty("request_tags").GetProperty("job").GetString());
        }
    }

    [Fact]
    public async Task Boto3_RoleSessionGetWebIdentityToken_VerifiesWithJose()
    {
        broker.SyncClock();
        const string script = """
            import json, sys, boto3
            url, role = sys.argv[1], sys.argv[2]
            sts = boto3.client("sts", endpoint_url=url, region_name="us-east-1")
            creds = sts.assume_role(RoleArn=role, RoleSessionName="boto", DurationSeconds=3600)["Credentials"]
            session = boto3.client("sts", endpoint_url=url, region_name="us-east-1", aws_access_key_id=creds["AccessKeyId"],
                                   aws_secret_access_key=creds["SecretAccessKey"], aws_session_token=creds["SessionToken"])
            token = session.get_web_identity_token(Audience=["urn:a", "urn:b"], SigningAlgorithm="RS256",
                                                   Tags=[{"Key": "run", "Value": "1"}])
            try:
                session.get_web_identity_token(Audience=["urn:a"], SigningAlgorithm="ES384", DurationSeconds=3600)
                error = None
            except sts.exceptions.ClientError as e:
                error = e.response["Error"]["Code"]
            print(json.dumps({"token": token["WebIdentityToken"], "expiration": token["Expiration"].isoformat(), "error": error}))
            """;

        var (exit, stdout, stderr) = await ExternalClient.RunAsync("python3", ["-c", script, broker.Endpoint.ToString(), WorkerRoleArn],
            Environment(IssuerKey));

        Assert.True(exit == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        using var jose = await JoseAsync(json.RootElement.GetProperty("token").GetString()!, "urn:b");
        var payload = jose.RootElement.GetProperty("payload");
        Assert.Equal(WorkerRoleArn, payload.GetProperty("sub").GetString());
        Assert.Equal(2, payload.GetProperty("aud").GetArrayLength());
        Assert.Equal("prod", payload.GetProperty("https://sts.amazonaws.com/").GetProperty("principal_tags").GetProperty("env").GetString());
        // The role session is one hour old at most; a one-hour token asked later than its start would outlive it.
        Assert.Equal("SessionDurationEscalationException", json.RootElement.GetProperty("error").GetString());
    }

    [Fact]
    public async Task AwsCli_AccountNotEnabled_ReportsOutboundWebIdentityFederationDisabled()
    {
        broker.SyncClock();
        var (exit, _, stderr) = await ExternalClient.RunAsync("aws",
            ["sts", "get-web-identity-token", .. AudienceInput, "--signing-algorithm", "ES384", "--endpoint-url", broker.Endpoint.ToString()],
            Environment(OutsiderKey));

        Assert.NotEqual(0, exit);
        Assert.Contains("(OutboundWebIdentityFederationDisabledException)", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Jose_TokenOfAnotherAccountsIssuer_IsRejected()
    {
        broker.SyncClock();
        var (exit, stdout, stderr) = await ExternalClient.RunAsync("aws",
            ["sts", "get-web-identity-token", .. AudienceInput, "--signing-algorithm", "ES384", "--endpoint-url", broker.Endpoint.ToString(),
             "--output", "json"], Environment(IssuerKey));
        Assert.True(exit == 0, stderr);
        var token = JsonDocument.Parse(stdout).RootElement.GetProperty("WebIdentityToken").GetString()!;

        // The disabled account's issuer serves the same keys, but its issuer name differs: the iss check must refuse it.
        var (joseExit, _, joseError) = await ExternalClient.RunAsync("node", [JoseScript, broker.IssuerOf(Disabled), Audience], new Dictionary<string, string>(), token);

        Assert.Equal(1, joseExit);
        Assert.Contains("ERR_JWT_CLAIM_VALIDATION_FAILED", joseError, StringComparison.Ordinal);
    }

    private async Task<JsonDocument> JoseAsync(string token, string audience)
    {
        var (exit, stdout, stderr) = await ExternalClient.RunAsync("node", [JoseScript, broker.IssuerOf(Enabled), audience],
            new Dictionary<string, string>(), token);
        Assert.True(exit == 0, stderr);
        return JsonDocument.Parse(stdout);
    }

    private async Task<JsonDocument> PyJwtAsync(string token, string audience)
    {
        var (exit, stdout, stderr) = await ExternalClient.RunAsync("/usr/bin/python3", ["-c", PyJwtScript, broker.IssuerOf(Enabled), audience],
            new Dictionary<string, string>(), token);
        Assert.True(exit == 0, stderr);
        return JsonDocument.Parse(stdout);
    }
}
