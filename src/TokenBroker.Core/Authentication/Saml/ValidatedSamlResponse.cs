using System.Security.Cryptography;
using System.Text;
using TokenBroker.Core.Model;

namespace TokenBroker.Core.Authentication.Saml;

/// <summary>
/// A SAML response that passed every check of federation.md §2.4, with the values read from its verified assertion.
/// Only <see cref="SamlResponseValidator"/> creates one, so unvalidated input cannot reach issuance.
/// </summary>
public sealed class ValidatedSamlResponse
{
    internal ValidatedSamlResponse(SamlProvider provider, SamlAssertionValues values)
    {
        Provider = provider;
        Issuer = values.Issuer;
        Subject = values.Subject;
        SubjectType = values.SubjectType;
        Recipient = values.Recipient;
        Audience = values.Audience;
        AssertionId = values.AssertionId;
        NotOnOrAfter = values.NotOnOrAfter;
        SessionNotOnOrAfter = values.SessionNotOnOrAfter;
        Roles = values.Roles;
        RoleSessionName = values.RoleSessionName;
        SessionDuration = values.SessionDuration;
        SourceIdentity = values.SourceIdentity;
        PrincipalTags = values.PrincipalTags;
        TransitiveTagKeys = values.TransitiveTagKeys;
        Attributes = values.Attributes;
        NameQualifier = ComputeNameQualifier(values.Issuer, provider);
    }

    /// <summary>The provider whose metadata keys verified the response.</summary>
    public SamlProvider Provider { get; }

    /// <summary>The assertion's Issuer, equal to the provider's entity ID (saml:iss).</summary>
    public string Issuer { get; }

    /// <summary>The Subject's NameID value (saml:sub; the Subject of the API response).</summary>
    public string Subject { get; }

    /// <summary>persistent, transient, or the full NameID Format URI (saml:sub_type; SubjectType of the API response).</summary>
    public string SubjectType { get; }

    /// <summary>The bearer SubjectConfirmationData Recipient (saml:aud; Audience of the API response, as AWS returns it).</summary>
    public string Recipient { get; }

    /// <summary>The accepted Audience of the assertion's AudienceRestriction.</summary>
    public string Audience { get; }

    /// <summary>The assertion's ID, for the caller's replay cache.</summary>
    public string AssertionId { get; }

    /// <summary>The later of the SubjectConfirmationData and Conditions NotOnOrAfter: how long the assertion could be replayed.</summary>
    public DateTimeOffset NotOnOrAfter { get; }

    /// <summary>The earliest AuthnStatement SessionNotOnOrAfter, which caps the session's expiry; null when absent.</summary>
    public DateTimeOffset? SessionNotOnOrAfter { get; }

    /// <summary>The well-formed role/provider pairs of the Role attribute; malformed values are dropped.</summary>
    public IReadOnlyList<SamlRolePair> Roles { get; }

    /// <summary>The RoleSessionName attribute, already checked against [a-zA-Z_0-9+=,.@-]{2,64}.</summary>
    public string RoleSessionName { get; }

    /// <summary>The SessionDuration attribute (900..43200 seconds), or null.</summary>
    public int? SessionDuration { get; }

    /// <summary>The SourceIdentity attribute, or null.</summary>
    public string? SourceIdentity { get; }

    /// <summary>The PrincipalTag:{Key} attributes as session tags.</summary>
    public IReadOnlyList<Tag> PrincipalTags { get; }

    /// <summary>The values of the TransitiveTagKeys attribute.</summary>
    public IReadOnlyList<string> TransitiveTagKeys { get; }

    /// <summary>Every attribute of the verified assertion by Name, values in document order.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Attributes { get; }

    /// <summary>saml:namequalifier = Base64(SHA1(Issuer + AccountId + "/" + ProviderName)) (id_roles_providers_saml).</summary>
    public string NameQualifier { get; }

    /// <summary>saml:doc = ACCOUNT/PROVIDER-NAME.</summary>
    public string Doc => Provider.Account.Value + "/" + Provider.Name;

    /// <summary>The key under which the caller records this assertion as used: issuer and assertion ID, hashed to a fixed length.</summary>
    public string ReplayKey => Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(Issuer + "\n" + AssertionId)));

    /// <summary>The saml:* condition keys the trust policy is evaluated with (reference_policies_iam-condition-keys).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> ConditionKeys() => SamlConditionKeys.Build(this);

    // SHA-1 is AWS's definition of the key's value, not a security decision of ours.
#pragma warning disable CA5350
    private static string ComputeNameQualifier(string issuer, SamlProvider provider) =>
        Convert.ToBase64String(SHA1.HashData(Encoding.UTF8.GetBytes(issuer + provider.Account.Value + "/" + provider.Name)));
#pragma warning restore CA5350
}
