using TokenBroker.Core.Authentication;

namespace TokenBroker.Core.Tests.Saml;

/// <summary>
/// NotOnOrAfter at the end of time must not overflow when the skew is added, and no assertion valid for more than
/// 24 hours after its IssueInstant is accepted (docs/security.md, "Far-future lifetimes").
/// </summary>
public sealed class SamlLifetimeTests(TestIdp idp) : IClassFixture<TestIdp>
{
    private static readonly DateTimeOffset EndOfTime = new(9999, 12, 31, 23, 59, 59, TimeSpan.Zero);

    [Fact]
    public void Saml_NotOnOrAfterAtEndOfTime_RefusedAsTooLongNotThrown()
    {
        var template = new SamlResponseTemplate { SignAssertion = true, Lifetime = EndOfTime - SamlResponseTemplate.IssueInstant };

        var result = idp.Validate(idp.Issue(template));

        Assert.False(result.IsSuccess);
        Assert.Equal("InvalidIdentityToken", result.Error!.Code);
        Assert.Equal("The assertion is valid for more than 24 hours", result.Error.Message);
    }

    [Fact]
    public void Saml_ExpiredAssertionCheckedAtEndOfTime_ExpiredNotThrown()
    {
        var template = new SamlResponseTemplate { SignAssertion = true };

        var result = idp.Validate(idp.Issue(template), now: EndOfTime);

        Assert.False(result.IsSuccess);
        Assert.Equal("ExpiredTokenException", result.Error!.Code);
    }

    [Fact]
    public void Saml_ValidForExactly24Hours_Accepted()
    {
        var template = new SamlResponseTemplate { SignAssertion = true, Lifetime = FederatedTokenLifetime.Max };

        var result = idp.Validate(idp.Issue(template));

        Assert.True(result.IsSuccess, result.Error?.Message);
        Assert.Equal(SamlResponseTemplate.IssueInstant + FederatedTokenLifetime.Max, result.Value.NotOnOrAfter);
    }

    [Fact]
    public void Saml_ValidFor24HoursAndOneSecond_RefusedAsTooLong()
    {
        var template = new SamlResponseTemplate { SignAssertion = true, Lifetime = FederatedTokenLifetime.Max + TimeSpan.FromSeconds(1) };

        var result = idp.Validate(idp.Issue(template));

        Assert.False(result.IsSuccess);
        Assert.Equal("The assertion is valid for more than 24 hours", result.Error!.Message);
    }

    [Fact]
    public void Saml_IssuedLongAgoStillValid_RefusedAsTooLong()
    {
        // Issued two days ago and valid until a minute from now: 48 hours of validity, not one minute.
        var now = SamlResponseTemplate.IssueInstant.AddDays(2);
        var template = new SamlResponseTemplate { SignAssertion = true, Lifetime = TimeSpan.FromDays(2) + TimeSpan.FromMinutes(1), SessionLifetime = TimeSpan.FromDays(3) };

        var result = idp.Validate(idp.Issue(template), now: now);

        Assert.False(result.IsSuccess);
        Assert.Equal("The assertion is valid for more than 24 hours", result.Error!.Message);
    }
}
