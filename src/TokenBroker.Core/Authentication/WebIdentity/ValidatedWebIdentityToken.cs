using TokenBroker.Core.Model;

namespace TokenBroker.Core.Authentication.WebIdentity;

/// <summary>
/// A web identity token whose signature, issuer, audience, lifetime and claims passed every check; only
/// <see cref="WebIdentityTokenValidator"/> makes one, so unvalidated tokens cannot reach issuance.
/// </summary>
public sealed class ValidatedWebIdentityToken
{
    internal ValidatedWebIdentityToken(OidcProvider provider, string subject, string audience, string? keyId, string algorithm,
        DateTimeOffset expiresAt, DateTimeOffset? issuedAt, WebIdentityReplayKey? replayKey, WebIdentitySessionTags sessionTags,
        IReadOnlyList<string>? authorizedRoleArns, WebIdentityConditionKeySet conditionKeys)
    {
        Provider = provider;
        SubjectFromWebIdentityToken = subject;
        Audience = audience;
        KeyId = keyId;
        Algorithm = algorithm;
        ExpiresAt = expiresAt;
        IssuedAt = issuedAt;
        ReplayKey = replayKey;
        SessionTags = sessionTags;
        AuthorizedRoleArns = authorizedRoleArns;
        ConditionKeys = conditionKeys.Values;
        MultiValuedConditionKeys = conditionKeys.MultiValued;
    }

    /// <summary>The registered provider the token's <c>iss</c> selected; its URL is the response's Provider.</summary>
    public OidcProvider Provider { get; }

    /// <summary>The SourceIdentity from the <c>https://aws.amazon.com/source_identity</c> claim, or null.</summary>
    public string? SourceIdentity { get; init; }

    /// <summary>The token's <c>sub</c> (6..255 characters), returned as SubjectFromWebIdentityToken.</summary>
    public string SubjectFromWebIdentityToken { get; }

    /// <summary>The client ID the token was accepted for (its <c>azp</c> when present), returned as Audience.</summary>
    public string Audience { get; }

    /// <summary>The kid of the verifying key, if the token named one.</summary>
    public string? KeyId { get; }

    /// <summary>The JWS algorithm that was verified.</summary>
    public string Algorithm { get; }

    /// <summary>The token's <c>exp</c>.</summary>
    public DateTimeOffset ExpiresAt { get; }

    /// <summary>The token's <c>iat</c>, if present.</summary>
    public DateTimeOffset? IssuedAt { get; }

    /// <summary>The replay-cache entry for a token with a <c>jti</c>, or null.</summary>
    public WebIdentityReplayKey? ReplayKey { get; }

    /// <summary>Principal tags and transitive keys from the <c>https://aws.amazon.com/tags</c> claim.</summary>
    public WebIdentitySessionTags SessionTags { get; }

    /// <summary>
    /// The role ARNs the <c>https://aws.amazon.com/roles</c> claim pins this token to, or null when the token has no such
    /// claim; when present the requested RoleArn must be one of them exactly.
    /// </summary>
    public IReadOnlyList<string>? AuthorizedRoleArns { get; }

    /// <summary>Trust-policy condition keys (<c>&lt;provider&gt;:aud</c>, <c>:sub</c>, <c>:amr</c>, ...), names compared case-insensitively.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> ConditionKeys { get; }

    /// <summary>The condition keys that are multi-valued (<c>:amr</c>, and provider claims that are arrays); the others have one value.</summary>
    public IReadOnlySet<string> MultiValuedConditionKeys { get; }
}
