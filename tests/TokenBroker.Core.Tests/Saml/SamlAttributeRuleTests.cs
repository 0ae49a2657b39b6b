namespace TokenBroker.Core.Tests.Saml;

/// <summary>AWS's attribute rules (reference/sts.md b.5) with AWS's error codes and wording.</summary>
public sealed class SamlAttributeRuleTests(TestIdp idp) : IClassFixture<TestIdp>
{
    private static readonly SamlResponseTemplate Signed = new() { SignAssertion = true };

    [Fact]
    public void Validate_NoRoleSessionName_InvalidIdentityTokenAsAws()
    {
        var template = Signed with { Attributes = [.. Signed.Attributes.Where(a => !a.Name.EndsWith("/RoleSessionName"))] };

        var result = idp.Validate(idp.Issue(template));

        Assert.Equal("InvalidIdentityToken", result.Error?.Code);
        Assert.Equal("RoleSessionName is required in AuthnResponse", result.Error?.Message);
    }

    [Theory]
    [InlineData("a")]
    [InlineData("alice smith")]
    [InlineData("alice:smith")]
    [InlineData("a123456789012345678901234567890123456789012345678901234567890123456789")]
    public void Validate_RoleSessionNameOutsidePattern_InvalidIdentityTokenAsAws(string name)
    {
        var result = idp.Validate(idp.Issue(With("RoleSessionName", name)));

        Assert.Equal("RoleSessionName in AuthnResponse must match [a-zA-Z_0-9+=,.@-]{2,64}", result.Error?.Message);
    }

    [Theory]
    [InlineData("899")]
    [InlineData("43201")]
    [InlineData("3600s")]
    [InlineData("-900")]
    public void Validate_SessionDurationOutOfRange_InvalidIdentityToken(string duration)
    {
        var result = idp.Validate(idp.Issue(With("SessionDuration", duration)));

        Assert.Equal("InvalidIdentityToken", result.Error?.Code);
    }

    [Fact]
    public void Validate_SourceIdentity_Returned()
    {
        var result = idp.Validate(idp.Issue(With("SourceIdentity", "alice")));

        Assert.Equal("alice", result.Value.SourceIdentity);
    }

    [Theory]
    [InlineData("a")]
    [InlineData("aws:alice")]
    public void Validate_SourceIdentityInvalid_InvalidIdentityToken(string sourceIdentity)
    {
        Assert.Equal("InvalidIdentityToken", idp.Validate(idp.Issue(With("SourceIdentity", sourceIdentity))).Error?.Code);
    }

    [Fact]
    public void Validate_TransitiveTagKeys_Returned()
    {
        var template = Signed with { Attributes = [.. Signed.Attributes, ("https://aws.amazon.com/SAML/Attributes/TransitiveTagKeys", ["Department", "CostCenter"])] };

        Assert.Equal(["Department", "CostCenter"], idp.Validate(idp.Issue(template)).Value.TransitiveTagKeys);
    }

    [Fact]
    public void Validate_MalformedRoleValues_Dropped()
    {
        var template = Signed with
        {
            Attributes =
            [
                ("https://aws.amazon.com/SAML/Attributes/Role", ["arn:aws:iam::111122223333:role/A", "x,y", "arn:aws:iam::111122223333:role/A,arn:aws:iam::111122223333:role/B"]),
                ("https://aws.amazon.com/SAML/Attributes/RoleSessionName", ["alice"]),
            ],
        };

        Assert.Empty(idp.Validate(idp.Issue(template)).Value.Roles);
    }

    [Fact]
    public void Validate_AttributeNamedTwice_Rejected()
    {
        var template = Signed with { Attributes = [.. Signed.Attributes, ("https://aws.amazon.com/SAML/Attributes/RoleSessionName", ["mallory"])] };

        Assert.Equal("Response signature invalid", idp.Validate(idp.Issue(template)).Error?.Message);
    }

    [Fact]
    public void Validate_EmptyNameId_AccessDeniedAsAws()
    {
        var result = idp.Validate(idp.Issue(Signed with { NameId = "" }));

        Assert.Equal("AccessDenied", result.Error?.Code);
    }

    private static SamlResponseTemplate With(string attribute, string value)
    {
        var name = "https://aws.amazon.com/SAML/Attributes/" + attribute;
        return Signed with { Attributes = [.. Signed.Attributes.Where(a => a.Name != name), (name, [value])] };
    }
}
