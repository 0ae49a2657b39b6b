using System.Security.Cryptography;

namespace TokenBroker.Core.Authentication.WebIdentity;

/// <summary>
/// One public signing key from a provider's JWKS, imported once. OpenSSL-backed RSA and ECDsa public keys are safe
/// for concurrent verification.
/// </summary>
internal sealed class VerificationKey
{
    private readonly RSA? _rsa;
    private readonly ECDsa? _ecdsa;
    private readonly int _rsaBytes;

    private VerificationKey(string? kid, string? algorithm, string keyType, string? curve, RSA? rsa, ECDsa? ecdsa, int rsaBytes)
    {
        Kid = kid;
        Algorithm = algorithm;
        KeyType = keyType;
        Curve = curve;
        _rsa = rsa;
        _ecdsa = ecdsa;
        _rsaBytes = rsaBytes;
    }

    public string? Kid { get; }

    /// <summary>The key's own alg member, which restricts it to that algorithm (RFC 7517 §4.4), or null.</summary>
    public string? Algorithm { get; }

    public string KeyType { get; }

    public string? Curve { get; }

    public static VerificationKey Rsa(string? kid, string? algorithm, RSAParameters parameters)
    {
        var rsa = RSA.Create();
        rsa.ImportParameters(parameters);
        return new VerificationKey(kid, algorithm, "RSA", null, rsa, null, parameters.Modulus!.Length);
    }

    public static VerificationKey Ec(string? kid, string? algorithm, string curve, ECParameters parameters)
    {
        var ecdsa = ECDsa.Create(parameters);
        return new VerificationKey(kid, algorithm, "EC", curve, null, ecdsa, 0);
    }

    /// <summary>Whether this key may verify <paramref name="algorithm"/>: same key type, same curve, and its alg if it has one.</summary>
    public bool Fits(JwsAlgorithm algorithm) =>
        string.Equals(KeyType, algorithm.KeyType, StringComparison.Ordinal)
        && (algorithm.Curve is null || string.Equals(Curve, algorithm.Curve, StringComparison.Ordinal))
        && (Algorithm is null || string.Equals(Algorithm, algorithm.Name, StringComparison.Ordinal));

    /// <summary>Verifies a JWS signature over the ASCII signing input (RFC 7518 §3.3–3.5).</summary>
    public bool Verify(JwsAlgorithm algorithm, ReadOnlySpan<byte> signingInput, ReadOnlySpan<byte> signature)
    {
        if (_rsa is not null)
        {
            var padding = algorithm.Pss ? RSASignaturePadding.Pss : RSASignaturePadding.Pkcs1;
            return signature.Length == _rsaBytes && _rsa.VerifyData(signingInput, signature, algorithm.Hash, padding);
        }

        // JWS ECDSA signatures are R || S, each exactly the coordinate size (RFC 7518 §3.4).
        return signature.Length == 2 * algorithm.CoordinateSize
            && _ecdsa!.VerifyData(signingInput, signature, algorithm.Hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }
}
