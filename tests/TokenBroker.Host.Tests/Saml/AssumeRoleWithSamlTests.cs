using System.Net;
using System.Text.Json;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using TokenBroker.Host.Tests.EndToEnd;
using TokenBroker.Host.Tests.Interop;

namespace TokenBroker.Host.Tests.Saml;

/// <summary>AssumeRoleWithSAML through AWSSDK.SecurityToken over a real socket, with responses signed by xmlsec1.</summary>
public sealed class AssumeRoleWithSamlTests(SamlBrokerFixture broker) : IClassFixture<SamlBrokerFixture>
{
    private const string RoleAttribute = "https://aws.amazon.com/SAML/Attributes/Role";

    private AmazonSecurityTokenServiceClient Sts() => broker.Client(new AnonymousAWSCredentials());

    private static AssumeRoleWithSAMLRequest Request(string assertion, string roleArn = SamlDirectory.ReaderArn, string principalArn = SamlDirectory.ProviderArn) =>
        new() { RoleArn = roleArn, PrincipalArn = principalArn, SAMLAssertion = assertion };

    private static SamlResponseTemplate WithRoles(SamlResponseTemplate template, params string[] roleArns) => template with
    {
        Attributes = [(RoleAttribute, roleArns.Select(r => r + "," + SamlDirectory.ProviderArn).ToArray()), .. template.Attributes.Where(a => a.Name != RoleAttribute)],
    };

    private static SamlResponseTemplate WithAttribute(SamlResponseTemplate template, string name, params string[] values) => template with
    {
        Attributes = [.. template.Attributes.Where(a => a.Name != name), (name, values)],
    };

    private async Task<AmazonSecurityTokenServiceException> Fails(AssumeRoleWithSAMLRequest request)
    {
        using var sts = Sts();
        return await Assert.ThrowsAnyAsync<AmazonSecurityTokenServiceException>(() => sts.AssumeRoleWithSAMLAsync(request));
    }

    [Theory]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public async Task AssumeRoleWithSaml_SignedAsIdpsSignThem_ReturnsWorkingCredentials(bool signResponse, bool signAssertion)
    {
        broker.SyncClock();
        using var sts = Sts();

        var response = await sts.AssumeRoleWithSAMLAsync(Request(broker.Issue(broker.Template(signResponse, signAssertion))));

        Assert.StartsWith("ASIA", response.Credentials.AccessKeyId, StringComparison.Ordinal);
        Assert.Equal("arn:aws:sts::111122223333:assumed-role/SamlReader/alice@example.com", response.AssumedRoleUser.Arn);
        Assert.Equal("AROASAMLREADER0000000:alice@example.com", response.AssumedRoleUser.AssumedRoleId);
        Assert.Equal("alice@example.com", response.Subject);
        Assert.Equal("persistent", response.SubjectType);
        Assert.Equal(TestIdp.EntityId, response.Issuer);
        Assert.Equal(broker.AcsUrl, response.Audience);
        Assert.False(string.IsNullOrEmpty(response.NameQualifier));
        using var session = broker.Client(new SessionAWSCredentials(
            response.Credentials.AccessKeyId, response.Credentials.SecretAccessKey, response.Credentials.SessionToken));
        var identity = await session.GetCallerIdentityAsync(new GetCallerIdentityRequest());
        Assert.Equal("arn:aws:sts::111122223333:assumed-role/SamlReader/alice@example.com", identity.Arn);
        Assert.Equal("111122223333", identity.Account);
    }

    [Fact]
    public async Task AssumeRoleWithSaml_SessionDurationAttribute_ShortensTheSession()
    {
        broker.SyncClock();
        using var sts = Sts();

        var defaulted = await sts.AssumeRoleWithSAMLAsync(Request(broker.Issue(broker.Template())));
        var request = Request(broker.Issue(broker.Template()));
        request.DurationSeconds = 7200;
        var asked = await sts.AssumeRoleWithSAMLAsync(request);
        var shorter = Request(broker.Issue(broker.Template()));
        shorter.DurationSeconds = 900;
        var shortest = await sts.AssumeRoleWithSAMLAsync(shorter);

        var now = broker.Time.GetUtcNow().UtcDateTime;
        Assert.InRange((defaulted.Credentials.Expiration!.Value.ToUniversalTime() - now).TotalSeconds, 1798, 1802);
        Assert.InRange((asked.Credentials.Expiration!.Value.ToUniversalTime() - now).TotalSeconds, 1798, 1802);
        Assert.InRange((shortest.Credentials.Expiration!.Value.ToUniversalTime() - now).TotalSeconds, 898, 902);
    }

    [Fact]
    public async Task AssumeRoleWithSaml_SessionNotOnOrAfter_CapsTheSession()
    {
        broker.SyncClock();
        using var sts = Sts();

        var response = await sts.AssumeRoleWithSAMLAsync(Request(broker.Issue(broker.Template() with { SessionLifetime = TimeSpan.FromMinutes(20) })));

        var lifetime = response.Credentials.Expiration!.Value.ToUniversalTime() - broker.Time.GetUtcNow().UtcDateTime;
        Assert.InRange(lifetime.TotalSeconds, 1198, 1202);
    }

    [Fact]
    public async Task AssumeRoleWithSaml_DurationAboveRoleMaximum_IsValidationError()
    {
        broker.SyncClock();
        var request = Request(broker.Issue(WithRoles(broker.Template(), SamlDirectory.ShortArn)), SamlDirectory.ShortArn);
        request.DurationSeconds = 7200;

        var error = await Fails(request);

        Assert.Equal("ValidationError", error.ErrorCode);
        Assert.Equal("The requested DurationSeconds exceeds the MaxSessionDuration set for this role.", error.Message);
    }

    [Fact]
    public async Task Saml_RolePairNotInAssertion_AccessDenied()
    {
        broker.SyncClock();

        var error = await Fails(Request(broker.Issue(broker.Template()), SamlDirectory.UnlistedArn));

        Assert.Equal("AccessDenied", error.ErrorCode);
        Assert.Equal("Not authorized to perform sts:AssumeRoleWithSAML", error.Message);
    }

    [Fact]
    public async Task AssumeRoleWithSaml_UnknownProvider_IsInvalidIdentityToken()
    {
        broker.SyncClock();

        var error = await Fails(Request(broker.Issue(broker.Template()), principalArn: "arn:aws:iam::111122223333:saml-provider/Nope"));

        Assert.Equal("InvalidIdentityToken", error.ErrorCode);
        Assert.Equal("Specified provider doesn't exist", error.Message);
    }

    [Fact]
    public async Task AssumeRoleWithSaml_UnknownRole_IsAccessDenied()
    {
        broker.SyncClock();

        var error = await Fails(Request(broker.Issue(broker.Template()), "arn:aws:iam::111122223333:role/Nope"));

        Assert.Equal("AccessDenied", error.ErrorCode);
    }

    [Fact]
    public async Task Saml_ReplayedAssertion_Rejected()
    {
        broker.SyncClock();
        var assertion = broker.Issue(broker.Template());
        using var sts = Sts();
        await sts.AssumeRoleWithSAMLAsync(Request(assertion));

        var error = await Fails(Request(assertion));

        Assert.Equal("InvalidIdentityToken", error.ErrorCode);
        Assert.Equal("Response signature invalid", error.Message);
    }

    [Fact]
    public async Task Saml_ExpiredAssertion_IsExpiredTokenException()
    {
        broker.SyncClock();
        var template = broker.Template() with { Issued = broker.Time.GetUtcNow().AddMinutes(-11) };

        var error = await Fails(Request(broker.Issue(template)));

        Assert.Equal("ExpiredTokenException", error.ErrorCode);
    }

    [Fact]
    public async Task Saml_WrongAudience_Rejected()
    {
        broker.SyncClock();

        var error = await Fails(Request(broker.Issue(broker.Template() with { Audience = "https://other-sp.example.test/" })));

        Assert.Equal("InvalidIdentityToken", error.ErrorCode);
        Assert.Equal("Response does not contain the required audience", error.Message);
    }

    [Fact]
    public async Task Saml_TamperedAssertion_Rejected()
    {
        broker.SyncClock();
        var xml = broker.Idp.Issue(broker.Template()).Replace("Engineering", "Executives", StringComparison.Ordinal);

        var error = await Fails(Request(TestIdp.Base64(xml)));

        Assert.Equal("InvalidIdentityToken", error.ErrorCode);
        Assert.Equal("Response signature invalid", error.Message);
    }

    [Fact]
    public async Task AssumeRoleWithSaml_TrustPolicyRequiresSamlSub_AllowsThatSubject()
    {
        broker.SyncClock();
        using var sts = Sts();

        var response = await sts.AssumeRoleWithSAMLAsync(Request(broker.Issue(broker.Template()), SamlDirectory.AdminArn));

        Assert.Equal("arn:aws:sts::111122223333:assumed-role/SamlAdmin/alice@example.com", response.AssumedRoleUser.Arn);
    }

    [Fact]
    public async Task Saml_TrustPolicyRequiresSamlSub_OtherSubjectAccessDenied()
    {
        broker.SyncClock();

        var error = await Fails(Request(broker.Issue(broker.Template() with { NameId = "mallory@example.com" }), SamlDirectory.AdminArn));

        Assert.Equal("AccessDenied", error.ErrorCode);
        Assert.Equal("Not authorized to perform sts:AssumeRoleWithSAML", error.Message);
    }

    [Fact]
    public async Task AssumeRoleWithSaml_PrincipalTagAttributes_BecomeSessionTags()
    {
        broker.SyncClock();
        var template = WithAttribute(broker.Template(), "https://aws.amazon.com/SAML/Attributes/TransitiveTagKeys", "Department");
        using var sts = Sts();

        var response = await sts.AssumeRoleWithSAMLAsync(Request(broker.Issue(template)));

        var claims = await SessionSimulator.VerifyAsync(broker.Services, response.Credentials);
        var tag = Assert.Single(claims.Tags);
        Assert.Equal(("Department", "Engineering"), (tag.Key, tag.Value));
        Assert.Equal(["Department"], claims.TransitiveTagKeys);
        Assert.Equal(SamlDirectory.ProviderArn, claims.FederatedProvider);
        Assert.Equal("alice@example.com", claims.FederatedSubject);
    }

    [Fact]
    public async Task Saml_PrincipalTagsWithoutTagSessionInTrust_AccessDenied()
    {
        broker.SyncClock();

        var error = await Fails(Request(broker.Issue(WithRoles(broker.Template(), SamlDirectory.NoTagsArn)), SamlDirectory.NoTagsArn));

        Assert.Equal("AccessDenied", error.ErrorCode);
    }

    [Fact]
    public async Task AssumeRoleWithSaml_SourceIdentityAttribute_IsReturnedAndKept()
    {
        broker.SyncClock();
        var template = WithAttribute(broker.Template(), "https://aws.amazon.com/SAML/Attributes/SourceIdentity", "alice");
        using var sts = Sts();

        var response = await sts.AssumeRoleWithSAMLAsync(Request(broker.Issue(template)));

        Assert.Equal("alice", response.SourceIdentity);
        Assert.Equal("alice", (await SessionSimulator.VerifyAsync(broker.Services, response.Credentials)).SourceIdentity);
    }

    [Fact]
    public async Task AssumeRoleWithSaml_SessionPolicy_LimitsTheSession()
    {
        broker.SyncClock();
        var request = Request(broker.Issue(broker.Template()));
        request.Policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::public/*\"}]}";
        using var sts = Sts();

        var response = await sts.AssumeRoleWithSAMLAsync(request);

        Assert.True(await SessionSimulator.MayAsync(broker.Services, response.Credentials, "s3:GetObject", "arn:aws:s3:::public/a"));
        Assert.False(await SessionSimulator.MayAsync(broker.Services, response.Credentials, "s3:GetObject", "arn:aws:s3:::private/a"));
#pragma warning disable CS0618 // PackedPolicySize is deprecated in the SDK; AWS still returns it.
        Assert.InRange(response.PackedPolicySize!.Value, 1, 100);
#pragma warning restore CS0618
    }

    [Fact]
    public async Task AssumeRoleWithSaml_ShortAssertion_ValidationErrorNeverEchoesIt()
    {
        using var http = broker.Http();

        var response = await http.PostAsync("/", new FormUrlEncodedContent(
        [
            new("Action", "AssumeRoleWithSAML"), new("Version", "2011-06-15"), new("RoleArn", SamlDirectory.ReaderArn),
            new("PrincipalArn", SamlDirectory.ProviderArn), new("SAMLAssertion", "q7Z"),
        ]));

        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("<Code>ValidationError</Code>", body, StringComparison.Ordinal);
        Assert.DoesNotContain("q7Z", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Saml_AssertionNotStrictBase64_Rejected()
    {
        broker.SyncClock();

        var error = await Fails(Request(broker.Issue(broker.Template()).Insert(40, "*")));

        Assert.Equal("InvalidIdentityToken", error.ErrorCode);
        Assert.Equal("Response signature invalid", error.Message);
    }

    [Fact]
    public async Task Saml_ProviderOfAnotherAccount_IsUnknownProvider()
    {
        broker.SyncClock();

        var error = await Fails(Request(broker.Issue(broker.Template()), principalArn: "arn:aws:iam::444455556666:saml-provider/TestIdp"));

        Assert.Equal("InvalidIdentityToken", error.ErrorCode);
        Assert.Equal("Specified provider doesn't exist", error.Message);
    }

    [Fact]
    public async Task Saml_ResponseSignedByAttackerKey_Rejected()
    {
        broker.SyncClock();
        var xml = broker.Idp.Issue(broker.Template(), broker.Idp.Attacker);

        var error = await Fails(Request(TestIdp.Base64(xml)));

        Assert.Equal("InvalidIdentityToken", error.ErrorCode);
        Assert.Equal("Response signature invalid", error.Message);
    }

    /// <summary>The stock aws CLI, unsigned, with an assertion xmlsec1 signed; its credentials then sign a call of their own.</summary>
    [Fact]
    public async Task AwsCli_AssumeRoleWithSaml_ReturnsCredentialsThatWork()
    {
        broker.SyncClock();
        var assertion = broker.Issue(broker.Template());

        var (exit, stdout, stderr) = await ExternalClient.RunAsync("aws",
        [
            "sts", "assume-role-with-saml", "--endpoint-url", broker.Endpoint.ToString(), "--no-sign-request", "--output", "json",
            "--role-arn", SamlDirectory.ReaderArn, "--principal-arn", SamlDirectory.ProviderArn, "--saml-assertion", assertion,
        ], new Dictionary<string, string>());

        Assert.True(exit == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        var root = json.RootElement;
        Assert.Equal("alice@example.com", root.GetProperty("Subject").GetString());
        Assert.Equal("arn:aws:sts::111122223333:assumed-role/SamlReader/alice@example.com", root.GetProperty("AssumedRoleUser").GetProperty("Arn").GetString());
        var credentials = root.GetProperty("Credentials");
        var (exit2, stdout2, stderr2) = await ExternalClient.RunAsync("aws",
            ["sts", "get-caller-identity", "--endpoint-url", broker.Endpoint.ToString(), "--output", "json"],
            ExternalClient.Credentials(credentials));
        Assert.True(exit2 == 0, stderr2);
        Assert.Contains("assumed-role/SamlReader/alice@example.com", stdout2, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JsSdk_AssumeRoleWithSaml_UnsignedCallReturnsTheSamlFields()
    {
        broker.SyncClock();

        using var response = await JsSdkClient.RunAsync(broker.Endpoint, "AssumeRoleWithSAML",
            new { RoleArn = SamlDirectory.ReaderArn, PrincipalArn = SamlDirectory.ProviderArn, SAMLAssertion = broker.Issue(broker.Template()) },
            new Dictionary<string, string>());

        var root = response.RootElement;
        Assert.Equal("alice@example.com", root.GetProperty("Subject").GetString());
        Assert.Equal("arn:aws:sts::111122223333:assumed-role/SamlReader/alice@example.com", root.GetProperty("AssumedRoleUser").GetProperty("Arn").GetString());
        Assert.False(string.IsNullOrEmpty(root.GetProperty("NameQualifier").GetString()));
        Assert.StartsWith("ASIA", root.GetProperty("Credentials").GetProperty("AccessKeyId").GetString(), StringComparison.Ordinal);
    }
}
