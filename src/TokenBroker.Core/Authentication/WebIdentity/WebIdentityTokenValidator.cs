using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using TokenBroker.Core.Errors;
using TokenBroker.Core.Model;

namespace TokenBroker.Core.Authentication.WebIdentity;

/// <summary>
/// Validates an AssumeRoleWithWebIdentity token, in the order of federation.md §4.2: shape, issuer → provider, header,
/// key and signature, lifetime, audience, subject, AWS claims, replay. Stricter than Microsoft.IdentityModel's
/// defaults (federation.md §4.1): no key trial, no trailing-slash audience, iat checked, crit refused, RSA ≥ 2048.
/// </summary>
public sealed class WebIdentityTokenValidator
{
    /// <summary>The role-pinning claim (reference/sts.md b.6 item 5).</summary>
    public const string RolesClaim = "https://aws.amazon.com/roles";

    /// <summary>The claim that sets the session's SourceIdentity (IAM User Guide, id_credentials_temp_control-access_monitor).</summary>
    public const string SourceIdentityClaim = "https://aws.amazon.com/source_identity";

    private const int MaxIssuerLength = 255;
    private const int MinSubjectLength = 6;
    private const int MaxSubjectLength = 255;
    private const int MaxAudiences = 100;
    private const int MaxRoleArns = 100;
    private const int MaxAuthenticationMethods = 100;

    private readonly OidcKeySource _keys;
    private readonly WebIdentitySettings _settings;
    private readonly TimeProvider _time;

    /// <summary>A validator that takes keys from <paramref name="keys"/> and time from <paramref name="time"/>.</summary>
    public WebIdentityTokenValidator(OidcKeySource keys, WebIdentitySettings settings, TimeProvider time)
    {
        _keys = keys;
        _settings = settings;
        _time = time;
    }

    /// <summary>
    /// Validates <paramref name="token"/> against the provider <paramref name="findProvider"/> returns for its exact
    /// <c>iss</c> (null: no such provider in the role's account), without a replay check.
    /// </summary>
    public Task<StsResult<ValidatedWebIdentityToken>> ValidateAsync(string token,
        Func<string, CancellationToken, ValueTask<OidcProvider?>> findProvider, CancellationToken cancellationToken) =>
        ValidateAsync(token, findProvider, null, cancellationToken);

    /// <summary>
    /// Validates as above; when <paramref name="tryUseOnce"/> is given, a token with a <c>jti</c> is accepted only if it
    /// returns true for the token's replay key, meaning this is its first use.
    /// </summary>
    public async Task<StsResult<ValidatedWebIdentityToken>> ValidateAsync(string token,
        Func<string, CancellationToken, ValueTask<OidcProvider?>> findProvider,
        Func<WebIdentityReplayKey, CancellationToken, ValueTask<bool>>? tryUseOnce, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        ArgumentNullException.ThrowIfNull(findProvider);
        if (token.Length < 4 || token.Length > _settings.MaxTokenLength)
        {
            return StsErrors.InvalidIdentityToken(WebIdentityMessages.Malformed);
        }

        using var jws = CompactJws.Parse(token);
        if (jws is null)
        {
            return StsErrors.InvalidIdentityToken(WebIdentityMessages.Malformed);
        }

        var claims = jws.Payload.RootElement;
        // The issuer is echoed in the no-provider message; IAM provider URLs are at most 255 characters.
        var (issuerValid, issuer) = WebIdentityClaims.String(claims, "iss");
        if (!issuerValid || string.IsNullOrEmpty(issuer) || issuer.Length > MaxIssuerLength)
        {
            return StsErrors.InvalidIdentityToken(WebIdentityMessages.Malformed);
        }

        // Exact, case-sensitive issuer match; no trailing-slash or case normalization (IAM: the URL is case-sensitive).
        var provider = await findProvider(issuer, cancellationToken);
        if (provider is null || !string.Equals(provider.Url, issuer, StringComparison.Ordinal))
        {
            return StsErrors.InvalidIdentityToken(WebIdentityMessages.NoProvider(issuer));
        }

        var signed = await VerifySignatureAsync(jws, provider, cancellationToken);
        if (!signed.IsSuccess)
        {
            return signed.Error;
        }

        return await CheckClaimsAsync(claims, provider, signed.Value, tryUseOnce, cancellationToken);
    }

    /// <summary>Validates against a fixed list of providers, matched by exact URL (tools, benchmarks, tests).</summary>
    public Task<StsResult<ValidatedWebIdentityToken>> ValidateAsync(string token, IReadOnlyList<OidcProvider> providers,
        CancellationToken cancellationToken) =>
        ValidateAsync(token, (issuer, _) => ValueTask.FromResult(
            providers.FirstOrDefault(p => string.Equals(p.Url, issuer, StringComparison.Ordinal))), cancellationToken);

    private async Task<StsResult<JoseHeader>> VerifySignatureAsync(CompactJws jws, OidcProvider provider, CancellationToken cancellationToken)
    {
        var (header, error) = JoseHeader.Read(jws.Header.RootElement, provider.AllowedAlgorithms ?? JwsAlgorithm.AwsDefault);
        if (header is null)
        {
            return StsErrors.InvalidIdentityToken(error!);
        }

        var key = await _keys.FindKeyAsync(provider, header.Kid, header.Algorithm, cancellationToken);
        if (!key.IsSuccess)
        {
            return key.Error;
        }

        return key.Value.Verify(header.Algorithm, jws.SigningInput, jws.Signature)
            ? header
            : StsErrors.InvalidIdentityToken(WebIdentityMessages.SignatureInvalid);
    }

    private async Task<StsResult<ValidatedWebIdentityToken>> CheckClaimsAsync(JsonElement claims, OidcProvider provider,
        JoseHeader header, Func<WebIdentityReplayKey, CancellationToken, ValueTask<bool>>? tryUseOnce,
        CancellationToken cancellationToken)
    {
        var lifetime = CheckLifetime(claims);
        if (!lifetime.IsSuccess)
        {
            return lifetime.Error;
        }

        var audience = CheckAudience(claims, provider);
        if (!audience.IsSuccess)
        {
            return audience.Error;
        }

        var (subjectValid, subject) = WebIdentityClaims.String(claims, "sub");
        if (!subjectValid || subject is null || subject.Length is < MinSubjectLength or > MaxSubjectLength)
        {
            return StsErrors.InvalidIdentityToken(WebIdentityMessages.MissingSubject);
        }

        // amr feeds a multi-valued condition key; a malformed one is refused rather than dropped.
        if (WebIdentityClaims.StringOrArray(claims, "amr", MaxAuthenticationMethods) is null)
        {
            return StsErrors.InvalidIdentityToken(WebIdentityMessages.Malformed);
        }

        var extras = ReadAwsClaims(claims);
        if (!extras.IsSuccess)
        {
            return extras.Error;
        }

        var replay = ReplayKey(claims, provider, lifetime.Value.ExpiresAt);
        if (!replay.IsSuccess)
        {
            return replay.Error;
        }

        if (replay.Value is { } replayKey && tryUseOnce is not null && !await tryUseOnce(replayKey, cancellationToken))
        {
            return StsErrors.InvalidIdentityToken(WebIdentityMessages.Replayed);
        }

        var conditionKeys = WebIdentityConditionKeys.Build(claims, provider, audience.Value, subject);
        return new ValidatedWebIdentityToken(provider, subject, audience.Value.Audience, header.Kid, header.Algorithm.Name,
            lifetime.Value.ExpiresAt, lifetime.Value.IssuedAt, replay.Value, extras.Value.Tags, extras.Value.Roles, conditionKeys)
        {
            SourceIdentity = extras.Value.SourceIdentity,
        };
    }

    private StsResult<(DateTimeOffset ExpiresAt, DateTimeOffset? IssuedAt)> CheckLifetime(JsonElement claims)
    {
        var (expValid, exp) = WebIdentityClaims.NumericDate(claims, "exp");
        var (nbfValid, nbf) = WebIdentityClaims.NumericDate(claims, "nbf");
        var (iatValid, iat) = WebIdentityClaims.NumericDate(claims, "iat");
        if (!expValid || !nbfValid || !iatValid || exp is null)
        {
            return StsErrors.InvalidIdentityToken(WebIdentityMessages.InvalidTimestamps);
        }

        var now = _time.GetUtcNow().ToUnixTimeSeconds();
        var skew = (long)_settings.ClockSkew.TotalSeconds;
        if (exp.Value + skew <= now)
        {
            return StsErrors.ExpiredToken(WebIdentityMessages.Expired(now, exp.Value));
        }

        if (nbf is { } notBefore && notBefore - skew > now)
        {
            return StsErrors.InvalidIdentityToken(WebIdentityMessages.NotYetValid);
        }

        // OIDC Core §3.1.3.7: iat "can be used to reject tokens that were issued too far away from the current time".
        if (iat is { } issuedAt && issuedAt - skew > now)
        {
            return StsErrors.InvalidIdentityToken(WebIdentityMessages.IssuedInFuture);
        }

        var expiresAt = DateTimeOffset.FromUnixTimeSeconds(exp.Value);
        DateTimeOffset? issuedAtInstant = iat is null ? null : DateTimeOffset.FromUnixTimeSeconds(iat.Value);
        if (FederatedTokenLifetime.IsTooLong(issuedAtInstant, expiresAt, DateTimeOffset.FromUnixTimeSeconds(now)))
        {
            return StsErrors.InvalidIdentityToken(WebIdentityMessages.LifetimeTooLong);
        }

        return (expiresAt, issuedAtInstant);
    }

    /// <summary>
    /// <c>aud</c> (string or array) must contain a registered client ID, compared exactly. When <c>azp</c> is present it
    /// names the party the token was issued to, so it must be a registered client ID too (OIDC Core §2, §3.1.3.7).
    /// </summary>
    private static StsResult<MatchedAudience> CheckAudience(JsonElement claims, OidcProvider provider)
    {
        var audiences = WebIdentityClaims.StringOrArray(claims, "aud", MaxAudiences);
        var matched = audiences?.FirstOrDefault(a => provider.ClientIds.Contains(a, StringComparer.Ordinal));
        if (matched is null)
        {
            return StsErrors.InvalidIdentityToken(WebIdentityMessages.IncorrectAudience);
        }

        var (azpValid, azp) = WebIdentityClaims.String(claims, "azp");
        if (!azpValid || (azp is not null && !provider.ClientIds.Contains(azp, StringComparer.Ordinal)))
        {
            return StsErrors.InvalidIdentityToken(WebIdentityMessages.IncorrectAuthorizedParty);
        }

        return new MatchedAudience(matched, azp);
    }

    private static StsResult<(WebIdentitySessionTags Tags, IReadOnlyList<string>? Roles, string? SourceIdentity)> ReadAwsClaims(JsonElement claims)
    {
        // SourceIdentity follows the API's SourceIdentity shape: 2..64 of [\w+=,.@-], so never the reserved "aws:" prefix.
        var (sourceIdentityValid, sourceIdentity) = WebIdentityClaims.String(claims, SourceIdentityClaim);
        if (!sourceIdentityValid || (sourceIdentity is not null
            && (sourceIdentity.Length is < 2 or > 64 || !Protocol.Pattern.SessionName.IsMatch(sourceIdentity))))
        {
            return StsErrors.InvalidIdentityToken(WebIdentityMessages.InvalidSourceIdentity);
        }

        var tags = WebIdentitySessionTags.None;
        if (claims.TryGetProperty(WebIdentitySessionTags.ClaimName, out var tagsClaim))
        {
            var read = WebIdentitySessionTags.Read(tagsClaim);
            if (read is null)
            {
                return StsErrors.InvalidIdentityToken(WebIdentityMessages.InvalidTags);
            }

            tags = read;
        }

        if (!claims.TryGetProperty(RolesClaim, out _))
        {
            return (tags, null, sourceIdentity);
        }

        var roles = WebIdentityClaims.StringOrArray(claims, RolesClaim, MaxRoleArns);
        return roles is null || roles.Count == 0 || roles.Any(r => r.Length is 0 or > 2048)
            ? StsErrors.InvalidIdentityToken(WebIdentityMessages.InvalidRoles)
            : (tags, roles, sourceIdentity);
    }

    private StsResult<WebIdentityReplayKey?> ReplayKey(JsonElement claims, OidcProvider provider, DateTimeOffset expiresAt)
    {
        var (jtiValid, jti) = WebIdentityClaims.String(claims, "jti");
        if (!jtiValid || jti is { Length: 0 or > 256 })
        {
            return StsErrors.InvalidIdentityToken(WebIdentityMessages.Malformed);
        }

        if (jti is null)
        {
            return (WebIdentityReplayKey?)null;
        }

        // Keyed by issuer and jti (jti is unique per issuer only, RFC 7519 §4.1.7); hashed so the cache holds no token data.
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(provider.Url + "\n" + jti));
        return new WebIdentityReplayKey("oidc-jti:" + Convert.ToHexStringLower(hash), SaturatingTime.Add(expiresAt, _settings.ClockSkew));
    }
}
