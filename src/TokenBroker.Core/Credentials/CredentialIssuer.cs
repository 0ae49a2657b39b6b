using TokenBroker.Core.Errors;
using TokenBroker.Core.Model;
using TokenBroker.Core.Ports;

namespace TokenBroker.Core.Credentials;

/// <summary>
/// Turns a session an operation decided to grant into temporary credentials: a fresh ASIA… key id, its derived secret,
/// and a session token signed by this instance's certified signing key. Makes no root-key call in steady state.
/// </summary>
public sealed class CredentialIssuer : IDisposable
{
    private readonly SigningKeyManager _signingKeys;
    private readonly SecretAccessKeyDeriver _secrets;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates an issuer over the root key; the first issuance makes and certifies the signing key.</summary>
    public CredentialIssuer(IKeyRing keyRing, SecretAccessKeyDeriver secrets, TimeProvider timeProvider)
    {
        _signingKeys = new SigningKeyManager(keyRing, timeProvider);
        _secrets = secrets;
        _timeProvider = timeProvider;
    }

    /// <summary>
    /// Issues credentials for the grant, or PackedPolicyTooLarge when its session policies and tags do not fit the
    /// 4,096-character token. The grant's Duration must be whole seconds in (0, 129,600]; operations clamp it first.
    /// </summary>
    public async Task<StsResult<IssuedCredentials>> IssueAsync(SessionGrant grant, CancellationToken cancellationToken)
    {
        EnsureIssuable(grant);
        var issuedAt = WholeSeconds(_timeProvider.GetUtcNow());
        var expiration = issuedAt + grant.Duration;
        var claims = SessionClaims.FromGrant(
            grant with { MultiFactorAuthTime = grant.MultiFactorAuthTime is { } mfa ? WholeSeconds(mfa) : null },
            Identifiers.NewTemporaryAccessKeyId(grant.Account), SessionClaimsCodec.NewSessionId(), issuedAt, expiration);
        var encoded = SessionClaimsCodec.Encode(claims);
        var signingKey = await _signingKeys.GetAsync(expiration, cancellationToken);
        var usage = Measure(signingKey.Certificate, encoded);
        if (usage.IsTooLarge)
        {
            return usage.ToError();
        }

        var token = SessionTokenCodec.Sign(signingKey, encoded.Bytes);
        var secret = await _secrets.DeriveAsync(claims.AccessKeyId, cancellationToken);
        var credentials = new TemporaryCredentials(claims.AccessKeyId, secret, token, expiration);
        return new IssuedCredentials(credentials, claims, usage.PackedPolicySize, token.Length);
    }

    /// <inheritdoc />
    public void Dispose() => _signingKeys.Dispose();

    /// <summary>Operations clamp and validate before issuing, so a grant that breaks these rules is a bug, not a request error.</summary>
    private static void EnsureIssuable(SessionGrant grant)
    {
        ArgumentNullException.ThrowIfNull(grant);
        if (grant.Duration <= TimeSpan.Zero || grant.Duration > SessionTokenFormat.MaxSessionDuration
            || grant.Duration.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(grant), "The session duration must be whole seconds up to 129,600.");
        }

        if (!SessionGrant.IsSessionKind(grant.Kind) || grant.ChainingDepth < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(grant), "The session kind or chaining depth is out of range.");
        }
    }

    private static PackedPolicyUsage Measure(SigningKeyCertificate certificate, EncodedClaims encoded)
    {
        var raw = SessionTokenCodec.RawSize(certificate, encoded.Bytes.Length);
        return new PackedPolicyUsage(encoded.PolicyBytes, encoded.TagBytes, raw - encoded.PolicyBytes - encoded.TagBytes);
    }

    private static DateTimeOffset WholeSeconds(DateTimeOffset time) => DateTimeOffset.FromUnixTimeSeconds(time.ToUnixTimeSeconds());
}
