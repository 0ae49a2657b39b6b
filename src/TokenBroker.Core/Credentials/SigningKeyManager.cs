using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using TokenBroker.Core.Ports;

namespace TokenBroker.Core.Credentials;

/// <summary>
/// Holds this instance's current signing key: made lazily on first use and every <see cref="RotationInterval"/>, each
/// certified by one root-key signature (architecture note §4: never one root-key call per token).
/// </summary>
internal sealed class SigningKeyManager(IKeyRing keyRing, TimeProvider timeProvider) : IDisposable
{
    /// <summary>How long an instance signs with one key before it makes the next.</summary>
    public static readonly TimeSpan RotationInterval = TimeSpan.FromHours(12);

    /// <summary>Certificates start this much before their creation, so verifiers whose clocks run behind accept them.</summary>
    public static readonly TimeSpan ClockSkewAllowance = TimeSpan.FromMinutes(5);

    /// <summary>
    /// A certificate outlives the last token its key may sign: a token issued just before rotation with the longest
    /// duration (129,600 s) must still verify until it expires.
    /// </summary>
    public static readonly TimeSpan CertificateLifetime = ClockSkewAllowance + RotationInterval + SessionTokenFormat.MaxSessionDuration;

    /// <summary>After a failed rotation the warm key is used this long before the root key is tried again.</summary>
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile SigningKey? _current;
    private long _retryAfterTicks;

    /// <summary>A key whose certificate covers tokens expiring at <paramref name="expiration"/>.</summary>
    /// <remarks>
    /// When making the next key fails (root key unreachable) the warm key keeps issuing as long as its certificate
    /// covers the token, so a short KMS outage does not stop issuance; otherwise the failure propagates (fail closed).
    /// </remarks>
    public async ValueTask<SigningKey> GetAsync(DateTimeOffset expiration, CancellationToken cancellationToken)
    {
        var current = _current;
        var now = timeProvider.GetUtcNow();
        if (IsUsable(current, now, expiration))
        {
            return current;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            current = _current;
            now = timeProvider.GetUtcNow();
            if (IsUsable(current, now, expiration))
            {
                return current;
            }

            return await RotateAsync(current, now, expiration, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private bool IsUsable([NotNullWhen(true)] SigningKey? key, DateTimeOffset now, DateTimeOffset expiration) =>
        key is not null
        && (now < key.RotateAt || now.UtcTicks < Interlocked.Read(ref _retryAfterTicks))
        && key.Covers(now, expiration);

    private async Task<SigningKey> RotateAsync(
        SigningKey? current, DateTimeOffset now, DateTimeOffset expiration, CancellationToken cancellationToken)
    {
        try
        {
            var next = await CreateAsync(now, cancellationToken);
            if (!next.Covers(now, expiration))
            {
                throw new InvalidOperationException("A new signing key's certificate does not cover the requested session.");
            }

            _current = next;
            return next;
        }
        catch (Exception) when (current is not null && current.Covers(now, expiration) && !cancellationToken.IsCancellationRequested)
        {
            Interlocked.Exchange(ref _retryAfterTicks, (now + RetryDelay).UtcTicks);
            return current;
        }
    }

    private async Task<SigningKey> CreateAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var created = DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds());
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        try
        {
            var point = key.ExportParameters(includePrivateParameters: false).Q;
            byte[] publicKey = [.. point.X!, .. point.Y!];
            var keyId = RandomNumberGenerator.GetBytes(SessionTokenFormat.KeyIdSize);
            var notBefore = created - ClockSkewAllowance;
            var body = SigningKeyCertificate.EncodeBody(keyId, publicKey, notBefore, notBefore + CertificateLifetime, keyRing.RootKeyId);
            var signature = await keyRing.SignAsync(SigningKeyCertificate.SignedMessage(body), cancellationToken);
            return new SigningKey(key, SigningKeyCertificate.Assemble(body, signature), created + RotationInterval);
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }
}
