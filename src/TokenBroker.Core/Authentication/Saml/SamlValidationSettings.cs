using TokenBroker.Core.Model;

namespace TokenBroker.Core.Authentication.Saml;

/// <summary>
/// Where a SAML response may be addressed: the AWS sign-in SAML endpoints (global, regional, static) plus the broker's
/// own ACS URL (and, for the provider being validated, its per-provider ACS URL) as Recipient, and AWS's audiences plus
/// the broker's entity ID as Audience (federation.md §2.4 steps 14–15).
/// </summary>
public sealed record SamlValidationSettings(string? BrokerAcsUrl = null, string? BrokerEntityId = null)
{
    /// <summary>The largest clock skew accepted, as python3-saml and IdentityModel use (federation.md §2.2).</summary>
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(5);

    private const string GlobalSignIn = "https://signin.aws.amazon.com/saml";
    private const string StaticSignIn = "https://signin.aws.amazon.com/static/saml";
    private const string AwsAudience = "urn:amazon:webservices";
    private const string RegionalSuffix = ".signin.aws.amazon.com/saml";

    /// <summary>Allowed difference between our clock and the IdP's; at most <see cref="MaxClockSkew"/>.</summary>
    public TimeSpan ClockSkew { get; init; } = MaxClockSkew;

    /// <summary>The provider whose per-provider ACS URL is also accepted as Recipient; set only while validating for it.</summary>
    internal SamlProvider? Provider { get; init; }

    /// <summary>
    /// The broker's ACS URL for one provider, <c>{BrokerAcsUrl}/acs/{account}/{name}</c>, or null without a broker ACS
    /// URL. IdPs that encrypt assertions post there: an encrypted response does not name its provider in the clear, so
    /// the URL does (as AWS's per-provider sign-in URL <c>…/saml/acs/SAMLProviderUUID</c> does for encrypted SAML).
    /// </summary>
    public string? ProviderAcsUrl(SamlProvider provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        return BrokerAcsUrl is null ? null : $"{BrokerAcsUrl.TrimEnd('/')}/acs/{provider.Account.Value}/{provider.Name}";
    }

    /// <summary>Whether a SubjectConfirmationData Recipient (the value of saml:aud) is one of ours.</summary>
    public bool IsAllowedRecipient(string recipient) =>
        string.Equals(recipient, GlobalSignIn, StringComparison.Ordinal)
        || string.Equals(recipient, StaticSignIn, StringComparison.Ordinal)
        || IsRegionalSignIn(recipient)
        || (BrokerAcsUrl is not null && string.Equals(recipient, BrokerAcsUrl, StringComparison.Ordinal))
        || (Provider is not null && string.Equals(recipient, ProviderAcsUrl(Provider), StringComparison.Ordinal));

    /// <summary>Whether an Audience is one real IdPs use for AWS or the broker's own entity ID.</summary>
    public bool IsAllowedAudience(string audience) =>
        string.Equals(audience, AwsAudience, StringComparison.Ordinal)
        || string.Equals(audience, GlobalSignIn, StringComparison.Ordinal)
        || IsRegionalSignIn(audience)
        || (BrokerEntityId is not null && string.Equals(audience, BrokerEntityId, StringComparison.Ordinal));

    /// <summary>The skew actually applied: the configured one, capped at five minutes and never negative.</summary>
    internal TimeSpan EffectiveSkew => ClockSkew < TimeSpan.Zero ? TimeSpan.Zero : ClockSkew > MaxClockSkew ? MaxClockSkew : ClockSkew;

    // https://<region>.signin.aws.amazon.com/saml, region such as us-east-1 or us-gov-west-1.
    private static bool IsRegionalSignIn(string url)
    {
        const string scheme = "https://";
        if (!url.StartsWith(scheme, StringComparison.Ordinal) || !url.EndsWith(RegionalSuffix, StringComparison.Ordinal))
        {
            return false;
        }

        var region = url.AsSpan(scheme.Length, url.Length - scheme.Length - RegionalSuffix.Length);
        if (region.Length is < 4 or > 32 || region[0] == '-' || region[^1] == '-')
        {
            return false;
        }

        foreach (var c in region)
        {
            if (!char.IsAsciiLetterLower(c) && !char.IsAsciiDigit(c) && c != '-')
            {
                return false;
            }
        }

        return true;
    }
}
