using System.Collections.Concurrent;
using System.Security.Cryptography;
using TokenBroker.Core.Errors;
using TokenBroker.Core.Model;
using TokenBroker.Core.Ports;

namespace TokenBroker.Core.Credentials;

/// <summary>
/// Checks that a session token is genuine, unexpired and bound to the presented AccessKeyId, statelessly: the token
/// carries its signing-key certificate, which the root public key (fetched once) vouches for. Certificates and tokens
/// are verified once and cached by hash. Revocation is the caller's next step, on every use.
/// </summary>
public sealed class CredentialVerifier : IDisposable
{
    /// <summary>Default bound on cached verified tokens: about 1 KB each for typical sessions, so about 10 MB.</summary>
    public const int DefaultCacheCapacity = 10_000;

    /// <summary>Far more certificates than instances × rotations in a token lifetime; only verified ones are kept.</summary>
    private const int MaxCertificates = 1024;

    private readonly IKeyRing _keyRing;
    private readonly SecretAccessKeyDeriver _secrets;
    private readonly TimeProvider _timeProvider;
    private readonly VerifiedTokenCache _tokens;
    private readonly ConcurrentDictionary<ContentHash, VerifiedCertificate> _certificates = new();
    private readonly SemaphoreSlim _rootGate = new(1, 1);
    private volatile ECDsa? _rootKey;
    private long _tokenSignatureChecks;
    private long _certificateSignatureChecks;

    /// <summary>Creates a verifier that trusts certificates signed by this root key.</summary>
    public CredentialVerifier(IKeyRing keyRing, SecretAccessKeyDeriver secrets, TimeProvider timeProvider, int cacheCapacity = DefaultCacheCapacity)
    {
        _keyRing = keyRing;
        _secrets = secrets;
        _timeProvider = timeProvider;
        _tokens = new VerifiedTokenCache(timeProvider, cacheCapacity);
    }

    /// <summary>Lookups answered from the verified-token cache (a test hook).</summary>
    internal long CacheHits => _tokens.Hits;

    /// <summary>Token ECDSA verifications performed (a test hook).</summary>
    internal long TokenSignatureChecks => Interlocked.Read(ref _tokenSignatureChecks);

    /// <summary>Certificate root-signature verifications performed (a test hook).</summary>
    internal long CertificateSignatureChecks => Interlocked.Read(ref _certificateSignatureChecks);

    /// <summary>
    /// The verified session, InvalidClientTokenId for a malformed, tampered, foreign or mismatched token, or ExpiredToken
    /// once it has expired.
    /// </summary>
    public async ValueTask<StsResult<VerifiedSession>> VerifyAsync(AccessKeyId accessKeyId, string sessionToken, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sessionToken);
        if (sessionToken.Length is 0 or > SessionTokenFormat.MaxTokenChars)
        {
            return StsErrors.InvalidClientTokenId();
        }

        var hash = ContentHash.Of(sessionToken);
        if (!_tokens.TryGet(hash, out var session))
        {
            var verified = await VerifyTokenAsync(sessionToken, cancellationToken);
            if (verified is null)
            {
                return StsErrors.InvalidClientTokenId();
            }

            session = verified;
            if (_timeProvider.GetUtcNow() < session.Claims.Expiration)
            {
                _tokens.Add(hash, session);
            }
        }

        return Check(session, accessKeyId, _timeProvider.GetUtcNow());
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _rootGate.Dispose();
        _rootKey?.Dispose();
    }

    /// <summary>
    /// The token is bound to one AccessKeyId: presenting it with another is an invalid token, not a different session.
    /// Requests signed with expired session credentials get ExpiredToken, as STS answers GetCallerIdentity and
    /// AssumeRole ("The security token included in the request is expired": prowler-cloud/prowler#789,
    /// cloud-custodian/cloud-custodian#9216); ExpiredTokenException is the modeled error for an expired token passed
    /// in the request body (AssumeRoleWithWebIdentity/SAML).
    /// </summary>
    private static StsResult<VerifiedSession> Check(VerifiedSession session, AccessKeyId accessKeyId, DateTimeOffset now)
    {
        if (!string.Equals(session.Claims.AccessKeyId.Value, accessKeyId.Value, StringComparison.Ordinal))
        {
            return StsErrors.InvalidClientTokenId();
        }

        return now >= session.Claims.Expiration ? StsErrors.ExpiredCallerToken() : session;
    }

    private async ValueTask<VerifiedSession?> VerifyTokenAsync(string sessionToken, CancellationToken cancellationToken)
    {
        if (!SessionTokenCodec.TrySplit(sessionToken, out var parts))
        {
            return null;
        }

        var verified = await VerifyCertificateAsync(parts.Certificate, cancellationToken);
        if (verified is null || _timeProvider.GetUtcNow() < verified.Certificate.NotBefore)
        {
            return null;
        }

        Interlocked.Increment(ref _tokenSignatureChecks);
        if (!verified.PublicKey.VerifyData(
                SessionTokenCodec.SignedMessage(parts.Unsigned.Span), parts.Signature.Span,
                HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation)
            || !SessionClaimsCodec.TryDecode(parts.Claims.Span, out var claims)
            || claims!.IssuedAt < verified.Certificate.NotBefore || claims.Expiration > verified.Certificate.NotAfter)
        {
            return null;
        }

        var secret = await _secrets.DeriveAsync(claims.AccessKeyId, cancellationToken);
        return new VerifiedSession(claims, secret, verified.Certificate.KeyId);
    }

    private async ValueTask<VerifiedCertificate?> VerifyCertificateAsync(ReadOnlyMemory<byte> encoded, CancellationToken cancellationToken)
    {
        var hash = ContentHash.Of(encoded.Span);
        if (_certificates.TryGetValue(hash, out var known))
        {
            return known;
        }

        if (!SigningKeyCertificate.TryDecode(encoded.Span, out var certificate, out var rootSignature)
            || !string.Equals(certificate.RootKeyId, _keyRing.RootKeyId, StringComparison.Ordinal))
        {
            return null;
        }

        var rootKey = _rootKey ?? await LoadRootKeyAsync(cancellationToken);
        Interlocked.Increment(ref _certificateSignatureChecks);
        if (!VerifyRootSignature(rootKey, certificate.Body, rootSignature))
        {
            return null;
        }

        var verified = new VerifiedCertificate(certificate, ImportPublicKey(certificate.PublicKey));
        if (_certificates.Count >= MaxCertificates)
        {
            _certificates.Clear();
        }

        _certificates[hash] = verified;
        return verified;
    }

    private static bool VerifyRootSignature(ECDsa rootKey, byte[] body, byte[] derSignature)
    {
        try
        {
            return rootKey.VerifyData(
                SigningKeyCertificate.SignedMessage(body), derSignature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    private static ECDsa ImportPublicKey(byte[] point) => ECDsa.Create(new ECParameters
    {
        Curve = ECCurve.NamedCurves.nistP256,
        Q = new ECPoint { X = point[..32], Y = point[32..] },
    });

    private async Task<ECDsa> LoadRootKeyAsync(CancellationToken cancellationToken)
    {
        await _rootGate.WaitAsync(cancellationToken);
        try
        {
            if (_rootKey is { } loaded)
            {
                return loaded;
            }

            var rootKey = ECDsa.Create();
            rootKey.ImportSubjectPublicKeyInfo(await _keyRing.GetRootPublicKeyAsync(cancellationToken), out _);
            _rootKey = rootKey;
            return rootKey;
        }
        finally
        {
            _rootGate.Release();
        }
    }
}
