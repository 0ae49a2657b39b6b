using System.Security.Cryptography;
using TokenBroker.Core.Errors;

namespace TokenBroker.Core.Authentication.SigV4;

/// <summary>
/// Step 2 of SigV4 authentication: recomputes the signature of a parsed request with the secret the caller looked up
/// for <see cref="SigV4Claims.AccessKeyId"/> and compares it in constant time. Thread-safe; keep one per process so
/// its signing-key cache stays warm.
/// </summary>
public sealed class SigV4Verifier
{
    private readonly SigningKeyCache _signingKeys;

    /// <summary>Creates a verifier whose signing-key cache holds up to <see cref="SigV4Options.SigningKeyCacheCapacity"/> keys.</summary>
    public SigV4Verifier(SigV4Options options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _signingKeys = new SigningKeyCache(options.SigningKeyCacheCapacity);
    }

    /// <summary>
    /// Returns the verified request, or SignatureDoesNotMatch when the signature, the body or x-amz-content-sha256
    /// does not match what <paramref name="secretAccessKey"/> signs.
    /// </summary>
    public StsResult<VerifiedSigV4Request> Verify(SigV4Claims claims, string secretAccessKey)
    {
        ArgumentNullException.ThrowIfNull(claims);
        ArgumentException.ThrowIfNullOrEmpty(secretAccessKey);

        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        Span<char> computed = stackalloc char[SHA256.HashSizeInBytes * 2];
        scoped ReadOnlySpan<char> payloadHash;
        if (claims.Request.PayloadHash is { } forwarded)
        {
            // The body stayed with the resource server, which checks it against this hash (docs/authorize.md).
            payloadHash = forwarded;
        }
        else
        {
            Sha256Digest.Hash(claims.Request.Body.Span, digest);
            Convert.TryToHexStringLower(digest, computed, out _);
            payloadHash = computed;

            // STS signs the body: x-amz-content-sha256, when sent, must be the body's hash. UNSIGNED-PAYLOAD and the
            // STREAMING-* values are S3 features and would leave the Query parameters unauthenticated.
            var declared = SigV4Headers.Join(claims.Request.Headers, "x-amz-content-sha256");
            if (declared is not null && !payloadHash.Equals(declared.AsSpan().Trim(), StringComparison.OrdinalIgnoreCase))
            {
                return SigV4Errors.SignatureDoesNotMatch();
            }
        }

        CanonicalRequest.Hash(claims, payloadHash, digest);
        Span<byte> expected = stackalloc byte[HMACSHA256.HashSizeInBytes];
        StringToSign.Sign(_signingKeys.Get(secretAccessKey, claims.Scope), claims, digest, expected);

        Span<byte> provided = stackalloc byte[HMACSHA256.HashSizeInBytes];
        var matches = TryParseSignature(claims.Signature, provided) & CryptographicOperations.FixedTimeEquals(expected, provided);
        return matches ? new VerifiedSigV4Request(claims) : SigV4Errors.SignatureDoesNotMatch();
    }

    /// <summary>The signature is 64 hex digits; anything else cannot match.</summary>
    private static bool TryParseSignature(string signature, Span<byte> destination) =>
        signature.Length == destination.Length * 2 &&
        Convert.FromHexString(signature, destination, out _, out var written) == System.Buffers.OperationStatus.Done &&
        written == destination.Length;
}
