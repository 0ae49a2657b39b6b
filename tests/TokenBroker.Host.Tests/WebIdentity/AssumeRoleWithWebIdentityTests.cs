using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using Microsoft.Extensions.DependencyInjection;
using TokenBroker.Core.Audit;
using TokenBroker.Core.Ports;
using CoreTag = TokenBroker.Core.Model.Tag;
using TokenBroker.Host.Tests.EndToEnd;
using TokenBroker.Host.Tests.Interop;

namespace TokenBroker.Host.Tests.WebIdentity;

/// <summary>AssumeRoleWithWebIdentity through AWSSDK.SecurityToken and the aws CLI, with ID tokens from a real OpenID Provider.</summary>
public class AssumeRoleWithWebIdentityTests(WebIdentityBrokerFixture broker) : IClassFixture<WebIdentityBrokerFixture>
{
    private static readonly string WebIdentityRole = WebIdentityBrokerFixture.RoleArn("web-identity");

    [Fact]
    public async Task AssumeRoleWithWebIdentity_OidcProviderIdToken_IssuesWorkingRoleSession()
    {
        broker.SyncClock();
        var token = await broker.IdTokenAsync("user-alice1");
        using var sts = broker.AnonymousClient();

        var response = await sts.AssumeRoleWithWebIdentityAsync(Request(WebIdentityRole, token, "web-session"));

        Assert.Equal("user-alice1", response.SubjectFromWebIdentityToken);
        Assert.Equal(WebIdentityBrokerFixture.OidcClientId, response.Audience);
        Assert.Equal(broker.OidcIssuer, response.Provider);
        Assert.Equal("arn:aws:sts::111122223333:assumed-role/web-identity/web-session", response.AssumedRoleUser.Arn);
        Assert.Equal("AROAWEBIDENTITY000000:web-session", response.AssumedRoleUser.AssumedRoleId);
        Assert.StartsWith("ASIA", response.Credentials.AccessKeyId, StringComparison.Ordinal);
        Assert.True(response.SessionTokenUtilization > 0);
        using var session = broker.Client(response.Credentials);
        var identity = await session.GetCallerIdentityAsync(new GetCallerIdentityRequest());
        Assert.Equal("arn:aws:sts::111122223333:assumed-role/web-identity/web-session", identity.Arn);
        Assert.True(await SessionSimulator.MayAsync(broker.Services, response.Credentials, "s3:GetObject"));
        Assert.False(await SessionSimulator.MayAsync(broker.Services, response.Credentials, "s3:PutObject"));
    }

    [Fact]
    public async Task AssumeRoleWithWebIdentity_SuccessAndRefusal_AreAuditedWithoutTheToken()
    {
        broker.SyncClock();
        var token = broker.StaticToken("static-audited");
        using var sts = broker.AnonymousClient();
        var issued = await sts.AssumeRoleWithWebIdentityAsync(Request(WebIdentityBrokerFixture.RoleArn("static-role"), token, "audited"));
        await Fails(() => sts.AssumeRoleWithWebIdentityAsync(Request(WebIdentityBrokerFixture.RoleArn("static-role"), token, "audited-replay")));

        var log = broker.Services.GetRequiredService<IAuditLog>();
        var records = await log.QueryAsync(new AuditQuery(null, "AssumeRoleWithWebIdentity", 1000), CancellationToken.None);

        var success = Assert.Single(records, r => r.IssuedAccessKeyId == issued.Credentials.AccessKeyId);
        Assert.Equal(AuditOutcome.Success, success.Outcome);
        Assert.Equal("audited", success.SessionName);
        var refusal = Assert.Single(records, r => r.SessionName == "audited-replay");
        Assert.Equal("InvalidIdentityToken", refusal.ErrorCode);
        Assert.DoesNotContain(records, r => System.Text.Json.JsonSerializer.Serialize(r).Contains(token, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AssumeRoleWithWebIdentity_TagsClaim_BecomeSessionTagsWithProviderAndSubject()
    {
        broker.SyncClock();
        var token = await broker.IdTokenAsync("user-tagged");
        using var sts = broker.AnonymousClient();

        var response = await sts.AssumeRoleWithWebIdentityAsync(Request(WebIdentityRole, token, "tagged"));

        var claims = await SessionSimulator.VerifyAsync(broker.Services, response.Credentials);
        Assert.Equal([new CoreTag("Project", "blue"), new CoreTag("CostCenter", "12345")], claims.Tags);
        Assert.Equal(["Project"], claims.TransitiveTagKeys);
        Assert.Equal(broker.OidcProvider.Arn.ToString(), claims.FederatedProvider);
        Assert.Equal("user-tagged", claims.FederatedSubject);
    }

    [Fact]
    public async Task AssumeRoleWithWebIdentity_TagsWithoutTagSessionInTrust_IsAccessDenied()
    {
        broker.SyncClock();
        var token = broker.StaticToken("static-tagged", claims => claims["https://aws.amazon.com/tags"] =
            new JsonObject { ["principal_tags"] = new JsonObject { ["Project"] = new JsonArray("blue") } });
        using var sts = broker.AnonymousClient();

        var error = await Fails(() => sts.AssumeRoleWithWebIdentityAsync(Request(WebIdentityBrokerFixture.RoleArn("no-tag-session"), token)));

        Assert.Equal("AccessDenied", error.ErrorCode);
        Assert.Equal("Not authorized to perform sts:TagSession", error.Message);
    }

    [Fact]
    public async Task AssumeRoleWithWebIdentity_SourceIdentityClaim_SetsTheSessionSourceIdentity()
    {
        broker.SyncClock();
        var token = broker.StaticToken("static-alice", claims => claims["https://aws.amazon.com/source_identity"] = "alice@example.com");
        using var sts = broker.AnonymousClient();

        var response = await sts.AssumeRoleWithWebIdentityAsync(Request(WebIdentityBrokerFixture.RoleArn("source-identity"), token, "alice"));

        Assert.Equal("alice@example.com", response.SourceIdentity);
        Assert.Equal("alice@example.com", (await SessionSimulator.VerifyAsync(broker.Services, response.Credentials)).SourceIdentity);
    }

    [Fact]
    public async Task AssumeRoleWithWebIdentity_SourceIdentityWithoutSetSourceIdentityInTrust_IsAccessDenied()
    {
        broker.SyncClock();
        var token = broker.StaticToken("static-alice", claims => claims["https://aws.amazon.com/source_identity"] = "alice@example.com");
        using var sts = broker.AnonymousClient();

        var error = await Fails(() => sts.AssumeRoleWithWebIdentityAsync(Request(WebIdentityBrokerFixture.RoleArn("static-role"), token)));

        Assert.Equal("AccessDenied", error.ErrorCode);
        Assert.Equal("Not authorized to perform sts:SetSourceIdentity", error.Message);
    }

    [Theory]
    [InlineData("aws:admin")]
    [InlineData("x")]
    [InlineData("has space")]
    public async Task AssumeRoleWithWebIdentity_InvalidSourceIdentityClaim_IsInvalidIdentityToken(string sourceIdentity)
    {
        broker.SyncClock();
        var token = broker.StaticToken("static-alice", claims => claims["https://aws.amazon.com/source_identity"] = sourceIdentity);
        using var sts = broker.AnonymousClient();

        var error = await Fails(() => sts.AssumeRoleWithWebIdentityAsync(Request(WebIdentityBrokerFixture.RoleArn("source-identity"), token)));

        Assert.IsType<InvalidIdentityTokenException>(error);
    }

    [Fact]
    public async Task AssumeRoleWithWebIdentity_TokenForClientOutsideTrustCondition_IsAccessDenied()
    {
        broker.SyncClock();
        var token = await broker.IdTokenAsync("user-es256", "tokenbroker-es256");
        using var sts = broker.AnonymousClient();

        var error = await Fails(() => sts.AssumeRoleWithWebIdentityAsync(Request(WebIdentityRole, token)));

        Assert.Equal("AccessDenied", error.ErrorCode);
        Assert.Equal("Not authorized to perform sts:AssumeRoleWithWebIdentity", error.Message);
    }

    [Fact]
    public async Task AssumeRoleWithWebIdentity_SubjectOutsideTrustCondition_IsAccessDenied()
    {
        broker.SyncClock();
        var token = await broker.IdTokenAsync("admin-mallory");
        using var sts = broker.AnonymousClient();

        var error = await Fails(() => sts.AssumeRoleWithWebIdentityAsync(Request(WebIdentityRole, token)));

        Assert.Equal("AccessDenied", error.ErrorCode);
    }

    [Fact]
    public async Task AssumeRoleWithWebIdentity_TokenForUnregisteredClient_IsIncorrectTokenAudience()
    {
        broker.SyncClock();
        var token = await broker.IdTokenAsync("user-es384", "tokenbroker-es384");
        using var sts = broker.AnonymousClient();

        var error = await Fails(() => sts.AssumeRoleWithWebIdentityAsync(Request(WebIdentityRole, token)));

        Assert.IsType<InvalidIdentityTokenException>(error);
        Assert.Equal("Incorrect token audience", error.Message);
    }

    [Fact]
    public async Task AssumeRoleWithWebIdentity_IssuerNotRegisteredInRoleAccount_IsInvalidIdentityToken()
    {
        broker.SyncClock();
        var issuer = broker.StaticIssuer + "-unknown";
        var token = broker.StaticToken("static-user", claims => claims["iss"] = issuer);
        using var sts = broker.AnonymousClient();

        var error = await Fails(() => sts.AssumeRoleWithWebIdentityAsync(Request(WebIdentityBrokerFixture.RoleArn("static-role"), token)));

        Assert.IsType<InvalidIdentityTokenException>(error);
        Assert.Equal("No OpenIDConnect provider found in your account for " + issuer, error.Message);
    }

    [Fact]
    public async Task AssumeRoleWithWebIdentity_ProviderOfAnotherAccount_IsInvalidIdentityToken()
    {
        broker.SyncClock();
        var token = await broker.IdTokenAsync("user-crossacct");
        using var sts = broker.AnonymousClient();

        // The provider is registered in 111122223333; a role of 111111111111 cannot be reached with its tokens.
        var error = await Fails(() => sts.AssumeRoleWithWebIdentityAsync(Request("arn:aws:iam::111111111111:role/demo", token)));

        Assert.IsType<InvalidIdentityTokenException>(error);
        Assert.StartsWith("No OpenIDConnect provider found in your account", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AssumeRoleWithWebIdentity_RolesClaimPinsAnotherRole_IsInvalidIdentityToken()
    {
        broker.SyncClock();
        var token = await broker.IdTokenAsync("user-pinned");
        using var sts = broker.AnonymousClient();

        var error = await Fails(() => sts.AssumeRoleWithWebIdentityAsync(Request(WebIdentityBrokerFixture.RoleArn("other-role"), token)));

        Assert.IsType<InvalidIdentityTokenException>(error);
    }

    [Fact]
    public async Task AssumeRoleWithWebIdentity_ReplayedJti_IsInvalidIdentityToken()
    {
        broker.SyncClock();
        var token = broker.StaticToken("static-replay");
        using var sts = broker.AnonymousClient();
        var role = WebIdentityBrokerFixture.RoleArn("static-role");
        await sts.AssumeRoleWithWebIdentityAsync(Request(role, token));

        var error = await Fails(() => sts.AssumeRoleWithWebIdentityAsync(Request(role, token)));

        Assert.IsType<InvalidIdentityTokenException>(error);
        Assert.Equal("The web identity token was already used.", error.Message);
    }

    [Fact]
    public async Task AssumeRoleWithWebIdentity_JtiRefusedForPinnedRole_NotUsedUp()
    {
        broker.SyncClock();
        var role = WebIdentityBrokerFixture.RoleArn("static-role");
        var token = broker.StaticToken("static-pinned", claims => claims["https://aws.amazon.com/roles"] = new JsonArray(role));
        using var sts = broker.AnonymousClient();
        await Fails(() => sts.AssumeRoleWithWebIdentityAsync(Request(WebIdentityBrokerFixture.RoleArn("no-tag-session"), token)));

        var response = await sts.AssumeRoleWithWebIdentityAsync(Request(role, token));

        Assert.Equal("static-pinned", response.SubjectFromWebIdentityToken);
    }

    [Fact]
    public async Task AssumeRoleWithWebIdentity_ExpiredToken_IsExpiredTokenException()
    {
        broker.SyncClock();
        var now = broker.Time.GetUtcNow().ToUnixTimeSeconds();
        var token = broker.StaticToken("static-expired", claims =>
        {
            claims["iat"] = now - 7200;
            claims["exp"] = now - 3600;
        });
        using var sts = broker.AnonymousClient();

        var error = await Fails(() => sts.AssumeRoleWithWebIdentityAsync(Request(WebIdentityBrokerFixture.RoleArn("static-role"), token)));

        Assert.IsType<ExpiredTokenException>(error);
        Assert.StartsWith("Token expired: current date/time", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AssumeRoleWithWebIdentity_UnknownRole_IsAccessDeniedBeforeTokenIsRead()
    {
        using var sts = broker.AnonymousClient();

        var error = await Fails(() => sts.AssumeRoleWithWebIdentityAsync(Request(WebIdentityBrokerFixture.RoleArn("nosuch"), "garbage-token")));

        Assert.Equal("AccessDenied", error.ErrorCode);
        Assert.Equal("Not authorized to perform sts:AssumeRoleWithWebIdentity", error.Message);
    }

    [Fact]
    public async Task AssumeRoleWithWebIdentity_OversizedToken_IsValidationErrorBeforeParsing()
    {
        using var sts = broker.AnonymousClient();

        var error = await Fails(() => sts.AssumeRoleWithWebIdentityAsync(Request(WebIdentityRole, new string('a', 20_001))));

        Assert.Equal("ValidationError", error.ErrorCode);
        Assert.DoesNotContain("aaaa", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AssumeRoleWithWebIdentity_GarbageToken_IsInvalidIdentityToken()
    {
        using var sts = broker.AnonymousClient();

        var error = await Fails(() => sts.AssumeRoleWithWebIdentityAsync(Request(WebIdentityRole, "not.a.jwt!")));

        Assert.IsType<InvalidIdentityTokenException>(error);
    }

    [Fact]
    public async Task AssumeRoleWithWebIdentity_DurationAboveRoleMaximum_IsValidationError()
    {
        broker.SyncClock();
        var token = broker.StaticToken("static-duration");
        using var sts = broker.AnonymousClient();
        var request = Request(WebIdentityBrokerFixture.RoleArn("static-role"), token);
        request.DurationSeconds = 7200;

        var error = await Fails(() => sts.AssumeRoleWithWebIdentityAsync(request));

        Assert.Equal("ValidationError", error.ErrorCode);
    }

    [Fact]
    public async Task AssumeRoleWithWebIdentity_SessionPolicy_LimitsSession()
    {
        broker.SyncClock();
        var token = broker.StaticToken("static-policy");
        using var sts = broker.AnonymousClient();
        var request = Request(WebIdentityBrokerFixture.RoleArn("static-role"), token);
        request.Policy = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::other/*"}]}""";

        var response = await sts.AssumeRoleWithWebIdentityAsync(request);

        Assert.True(response.SessionTokenUtilization > 0);
        Assert.False(await SessionSimulator.MayAsync(broker.Services, response.Credentials, "s3:GetObject"));
        Assert.True(await SessionSimulator.MayAsync(broker.Services, response.Credentials, "s3:GetObject", "arn:aws:s3:::other/key"));
    }

    [Fact]
    public async Task AssumeRoleWithWebIdentity_ProviderId_IsRejectedForOpenIdConnect()
    {
        broker.SyncClock();
        var token = broker.StaticToken("static-providerid");
        using var sts = broker.AnonymousClient();
        var request = Request(WebIdentityBrokerFixture.RoleArn("static-role"), token);
        request.ProviderId = "www.amazon.com";

        var error = await Fails(() => sts.AssumeRoleWithWebIdentityAsync(request));

        Assert.Equal("InvalidParameterValue", error.ErrorCode);
    }

    [Fact]
    public async Task AssumeRoleWithWebIdentity_RequestWithBogusSignature_SignatureIgnored()
    {
        broker.SyncClock();
        var token = broker.StaticToken("static-signed");
        using var http = broker.Http();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Action"] = "AssumeRoleWithWebIdentity",
                ["Version"] = "2011-06-15",
                ["RoleArn"] = WebIdentityBrokerFixture.RoleArn("static-role"),
                ["RoleSessionName"] = "raw",
                ["WebIdentityToken"] = token,
            }),
        };
        request.Headers.TryAddWithoutValidation("Authorization",
            "AWS4-HMAC-SHA256 Credential=AKIANOSUCHKEY0000001/20260101/us-east-1/sts/aws4_request, SignedHeaders=host, Signature=00");

        using var response = await http.SendAsync(request);

        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<SubjectFromWebIdentityToken>static-signed</SubjectFromWebIdentityToken>", body, StringComparison.Ordinal);
        Assert.Contains($"<Provider>{broker.StaticIssuer}</Provider>", body, StringComparison.Ordinal);
        Assert.Contains("<Audience>static-client</Audience>", body, StringComparison.Ordinal);
        Assert.Contains("<PackedPolicySize>0</PackedPolicySize>", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AwsCli_AssumeRoleWithWebIdentity_ReturnsCredentials()
    {
        broker.SyncClock();
        var token = await broker.IdTokenAsync("user-cli-1");

        var (exit, stdout, stderr) = await ExternalClient.RunAsync("aws",
        [
            "sts", "assume-role-with-web-identity", "--endpoint-url", broker.Endpoint.ToString(), "--output", "json",
            "--role-arn", WebIdentityRole, "--role-session-name", "cli", "--web-identity-token", token,
        ], new Dictionary<string, string>());

        Assert.True(exit == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        var root = json.RootElement;
        Assert.Equal("user-cli-1", root.GetProperty("SubjectFromWebIdentityToken").GetString());
        Assert.Equal("arn:aws:sts::111122223333:assumed-role/web-identity/cli", root.GetProperty("AssumedRoleUser").GetProperty("Arn").GetString());
        Assert.StartsWith("ASIA", root.GetProperty("Credentials").GetProperty("AccessKeyId").GetString(), StringComparison.Ordinal);
    }

    /// <summary>
    /// How workloads really use it (EKS/IRSA, CI): botocore's own web identity credential provider reads the token file
    /// named by AWS_WEB_IDENTITY_TOKEN_FILE, calls AssumeRoleWithWebIdentity at AWS_ENDPOINT_URL_STS and signs later
    /// calls with the session it got.
    /// </summary>
    [Fact]
    public async Task Boto3_WebIdentityTokenFileProvider_AssumesTheRoleAndSignsWithIt()
    {
        broker.SyncClock();
        var tokenFile = Path.Combine(Path.GetTempPath(), "tokenbroker-wit-" + Guid.NewGuid().ToString("N"));
        await File.WriteAllTextAsync(tokenFile, await broker.IdTokenAsync("user-boto3-1"));
        try
        {
            var (exit, stdout, stderr) = await ExternalClient.RunAsync("python3",
                ["-c", "import boto3; print(boto3.client('sts', region_name='us-east-1').get_caller_identity()['Arn'])"],
                new Dictionary<string, string>
                {
                    ["AWS_WEB_IDENTITY_TOKEN_FILE"] = tokenFile,
                    ["AWS_ROLE_ARN"] = WebIdentityRole,
                    ["AWS_ROLE_SESSION_NAME"] = "irsa-pod",
                    ["AWS_ENDPOINT_URL_STS"] = broker.Endpoint.ToString(),
                });

            Assert.True(exit == 0, stderr);
            Assert.Equal("arn:aws:sts::111122223333:assumed-role/web-identity/irsa-pod", stdout.Trim());
        }
        finally
        {
            File.Delete(tokenFile);
        }
    }

    /// <summary>The AWS SDK for JavaScript v3 with no credentials at all: the call is unsigned, the token is the credential.</summary>
    [Fact]
    public async Task JsSdk_AssumeRoleWithWebIdentity_UnsignedCallReturnsWorkingCredentials()
    {
        broker.SyncClock();
        var token = await broker.IdTokenAsync("user-js-1");

        using var response = await JsSdkClient.RunAsync(broker.Endpoint, "AssumeRoleWithWebIdentity",
            new { RoleArn = WebIdentityRole, RoleSessionName = "js", WebIdentityToken = token }, new Dictionary<string, string>());

        var root = response.RootElement;
        Assert.Equal("user-js-1", root.GetProperty("SubjectFromWebIdentityToken").GetString());
        Assert.Equal(broker.OidcIssuer, root.GetProperty("Provider").GetString());
        Assert.Equal("arn:aws:sts::111122223333:assumed-role/web-identity/js", root.GetProperty("AssumedRoleUser").GetProperty("Arn").GetString());
        using var identity = await JsSdkClient.RunAsync(broker.Endpoint, "GetCallerIdentity", new { },
            ExternalClient.Credentials(root.GetProperty("Credentials")));
        Assert.Equal("arn:aws:sts::111122223333:assumed-role/web-identity/js", identity.RootElement.GetProperty("Arn").GetString());
    }

    [Fact]
    public async Task JsSdk_AssumeRoleWithWebIdentityForgedToken_IsInvalidIdentityTokenException()
    {
        broker.SyncClock();
        var parts = (await broker.IdTokenAsync("user-js-2")).Split('.');
        var forged = parts[0] + "." + parts[1] + "." + new string('A', parts[2].Length);

        using var response = await JsSdkClient.RunAsync(broker.Endpoint, "AssumeRoleWithWebIdentity",
            new { RoleArn = WebIdentityRole, RoleSessionName = "js", WebIdentityToken = forged }, new Dictionary<string, string>());

        var error = response.RootElement.GetProperty("error");
        Assert.Equal("InvalidIdentityTokenException", error.GetProperty("name").GetString());
        Assert.Equal(400, error.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task AssumeRoleWithWebIdentity_GitHubActionsTokenWithRepositoryId_IssuesSessionThroughTheSdk()
    {
        broker.SyncClock();
        using var sts = broker.AnonymousClient();

        var response = await sts.AssumeRoleWithWebIdentityAsync(
            Request(WebIdentityBrokerFixture.RoleArn("github-deploy"), broker.GitHubToken("octo-org/app", "1296269"), "gha"));

        Assert.Equal("repo:octo-org/app:ref:refs/heads/main", response.SubjectFromWebIdentityToken);
        Assert.Equal("https://token.actions.githubusercontent.com", response.Provider);
        Assert.Equal("sts.amazonaws.com", response.Audience);
        Assert.Equal("arn:aws:sts::111122223333:assumed-role/github-deploy/gha", response.AssumedRoleUser.Arn);
    }

    [Fact]
    public async Task AssumeRoleWithWebIdentity_GitHubTokenFromAnotherRepositoryOfTheSameOrg_RefusedByRepositoryIdCondition()
    {
        broker.SyncClock();
        using var sts = broker.AnonymousClient();

        var error = await Fails(() => sts.AssumeRoleWithWebIdentityAsync(
            Request(WebIdentityBrokerFixture.RoleArn("github-deploy"), broker.GitHubToken("octo-org/other", "7777777"))));

        Assert.Equal("AccessDenied", error.ErrorCode);
        Assert.Equal("Not authorized to perform sts:AssumeRoleWithWebIdentity", error.Message);
    }

    private static AssumeRoleWithWebIdentityRequest Request(string roleArn, string token, string sessionName = "session") => new()
    {
        RoleArn = roleArn,
        RoleSessionName = sessionName,
        WebIdentityToken = token,
    };

    private static async Task<AmazonSecurityTokenServiceException> Fails(Func<Task> call) =>
        await Assert.ThrowsAnyAsync<AmazonSecurityTokenServiceException>(call);
}
