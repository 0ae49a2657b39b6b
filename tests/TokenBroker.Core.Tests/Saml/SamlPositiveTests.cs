using TokenBroker.Core.Authentication.Saml;

namespace TokenBroker.Core.Tests.Saml;

public sealed class SamlPositiveTests(TestIdp idp) : IClassFixture<TestIdp>
{
    public static TheoryData<bool, bool, bool> Shapes => new()
    {
        { true, false, false },   // Keycloak default: response signed
        { false, true, false },   // Entra ID, Google, ADFS default: assertion signed
        { true, true, false },    // Okta custom apps: both
        { false, true, true },    // signed assertion, encrypted
        { true, false, true },    // signed response around an encrypted assertion
        { true, true, true },     // both, encrypted
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Validate_ShapeRealIdpsEmit_Accepted(bool signResponse, bool signAssertion, bool encrypt)
    {
        var xml = idp.Issue(new SamlResponseTemplate { SignResponse = signResponse, SignAssertion = signAssertion, EncryptAssertion = encrypt });

        var result = idp.Validate(xml);

        Assert.True(result.IsSuccess, result.Error?.Message);
        Assert.Equal("alice@example.com", result.Value.Subject);
    }

    [Fact]
    public void Validate_SignedResponse_ReturnsEveryValueAwsUses()
    {
        var xml = idp.Issue(new SamlResponseTemplate { SignResponse = true });

        var response = idp.Validate(xml).Value;

        Assert.Equal(TestIdp.EntityId, response.Issuer);
        Assert.Equal("persistent", response.SubjectType);
        Assert.Equal("https://signin.aws.amazon.com/saml", response.Recipient);
        Assert.Equal("urn:amazon:webservices", response.Audience);
        Assert.Equal("_a1b2c3d4e5f6a7b8c9d0", response.AssertionId);
        Assert.Equal(SamlResponseTemplate.IssueInstant.AddMinutes(5), response.NotOnOrAfter);
        Assert.Equal(SamlResponseTemplate.IssueInstant.AddHours(8), response.SessionNotOnOrAfter);
        Assert.Equal("alice@example.com", response.RoleSessionName);
        Assert.Equal(1800, response.SessionDuration);
        Assert.Null(response.SourceIdentity);
        Assert.Equal([new("Department", "Engineering")], response.PrincipalTags);
        Assert.Equal(2, response.Roles.Count);
        Assert.All(response.Roles, r => Assert.Equal(SamlResponseTemplate.ProviderArn, r.PrincipalArn.ToString()));
        Assert.Equal("arn:aws:iam::111122223333:role/SamlAdmin", response.Roles[1].RoleArn.ToString());
        Assert.Equal("111122223333/TestIdp", response.Doc);
    }

    [Fact]
    public void ConditionKeys_SignedResponse_HoldSamlKeysWithNameQualifierAsAwsComputesIt()
    {
        var response = idp.Validate(idp.Issue(new SamlResponseTemplate { SignAssertion = true })).Value;

        var keys = response.ConditionKeys();

        // Base64(SHA1("https://idp.example.test/metadata" + "111122223333" + "/TestIdp")), computed independently with sha1sum.
        Assert.Equal(["QLe4/nV6o0jJbGTdNrKXL8yKBaA="], keys["saml:namequalifier"]);
        Assert.Equal(["https://signin.aws.amazon.com/saml"], keys["saml:aud"]);
        Assert.Equal([TestIdp.EntityId], keys["saml:iss"]);
        Assert.Equal(["alice@example.com"], keys["saml:sub"]);
        Assert.Equal(["persistent"], keys["saml:sub_type"]);
        Assert.Equal(["111122223333/TestIdp"], keys["saml:doc"]);
        Assert.Equal(["member", "staff"], keys["saml:edupersonaffiliation"]);
    }

    [Fact]
    public void ReplayKey_SameAssertion_IsStableAndDiffersForAnotherId()
    {
        var first = idp.Validate(idp.Issue(new SamlResponseTemplate { SignAssertion = true })).Value;
        var again = idp.Validate(idp.Issue(new SamlResponseTemplate { SignAssertion = true })).Value;
        var other = idp.Validate(idp.Issue(new SamlResponseTemplate { SignAssertion = true, AssertionId = "_other" })).Value;

        Assert.Equal(first.ReplayKey, again.ReplayKey);
        Assert.NotEqual(first.ReplayKey, other.ReplayKey);
    }

    [Theory]
    [InlineData("https://us-east-1.signin.aws.amazon.com/saml", "https://signin.aws.amazon.com/saml")]
    [InlineData("https://signin.aws.amazon.com/static/saml", "https://eu-west-1.signin.aws.amazon.com/saml")]
    [InlineData("https://broker.example.test/saml", "https://broker.example.test/")]
    [InlineData("https://broker.example.test/saml/acs/111122223333/TestIdp", "https://broker.example.test/")]
    public void Validate_OtherAcceptedRecipientAndAudience_Accepted(string recipient, string audience)
    {
        var xml = idp.Issue(new SamlResponseTemplate { SignAssertion = true, Recipient = recipient, Audience = audience });

        var result = idp.Validate(xml);

        Assert.True(result.IsSuccess, result.Error?.Message);
        Assert.Equal(recipient, result.Value.Recipient);
        Assert.Equal(audience, result.Value.Audience);
    }

    [Theory]
    [InlineData("urn:oasis:names:tc:SAML:2.0:nameid-format:transient", "transient")]
    [InlineData("urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress", "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress")]
    [InlineData(null, "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified")]
    public void Validate_NameIdFormat_MapsToSubjectType(string? format, string subjectType)
    {
        var xml = idp.Issue(new SamlResponseTemplate { SignAssertion = true, NameIdFormat = format });

        Assert.Equal(subjectType, idp.Validate(xml).Value.SubjectType);
    }

    [Fact]
    public void Validate_Sha1WhenProviderAllowsIt_Accepted()
    {
        var xml = idp.Issue(new SamlResponseTemplate
        {
            SignAssertion = true,
            SignatureMethod = "http://www.w3.org/2000/09/xmldsig#rsa-sha1",
            DigestMethod = "http://www.w3.org/2000/09/xmldsig#sha1",
        });

        var result = idp.Validate(xml, idp.Provider with { AllowSha1 = true });

        Assert.True(result.IsSuccess, result.Error?.Message);
    }

    [Fact]
    public void Validate_Base64WithLineBreaks_Accepted()
    {
        var base64 = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(idp.Issue(new SamlResponseTemplate { SignAssertion = true })),
            Base64FormattingOptions.InsertLineBreaks);

        var result = SamlResponseValidator.Validate(base64, idp.Provider, TestIdp.Settings, TestIdp.Now);

        Assert.True(result.IsSuccess, result.Error?.Message);
    }

    [Fact]
    public void Validate_SecondMetadataCertificate_Accepted()
    {
        var provider = idp.Provider with { SigningCertificates = [idp.Attacker.Der, idp.Signing.Der] };

        var result = idp.Validate(idp.Issue(new SamlResponseTemplate { SignAssertion = true }), provider);

        Assert.True(result.IsSuccess, result.Error?.Message);
    }
}
