using System.Security.Cryptography;
using System.Text.Json;

namespace TokenBroker.Core.Authentication.WebIdentity;

/// <summary>
/// The usable signing keys of a JWKS (RFC 7517 §5). Keys that are not for signatures, carry private parts, are on an
/// unknown curve or are RSA below the minimum size are left out, so a token naming them finds no key.
/// </summary>
internal sealed class JsonWebKeySet
{
    private static readonly Dictionary<string, (ECCurve Curve, int Size)> Curves = new(StringComparer.Ordinal)
    {
        ["P-256"] = (ECCurve.NamedCurves.nistP256, 32),
        ["P-384"] = (ECCurve.NamedCurves.nistP384, 48),
        ["P-521"] = (ECCurve.NamedCurves.nistP521, 66),
    };

    private JsonWebKeySet(IReadOnlyList<VerificationKey> keys) => Keys = keys;

    public IReadOnlyList<VerificationKey> Keys { get; }

    /// <summary>Reads a JWKS document, or returns null when it is not one.</summary>
    public static JsonWebKeySet? Read(JsonElement root, int maxKeys, int minRsaBits)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("keys", out var keys)
            || keys.ValueKind != JsonValueKind.Array || keys.GetArrayLength() > maxKeys)
        {
            return null;
        }

        var usable = new List<VerificationKey>();
        foreach (var jwk in keys.EnumerateArray())
        {
            if (jwk.ValueKind == JsonValueKind.Object && TryImport(jwk, minRsaBits) is { } key)
            {
                usable.Add(key);
            }
        }

        return new JsonWebKeySet(usable);
    }

    /// <summary>
    /// The one key for this token: by kid when the token has one (never by trying every key), otherwise the only key
    /// that fits the algorithm. Null when there is none or more than one.
    /// </summary>
    public VerificationKey? Find(string? kid, JwsAlgorithm algorithm)
    {
        VerificationKey? found = null;
        foreach (var key in Keys)
        {
            if (!key.Fits(algorithm) || (kid is not null && !string.Equals(kid, key.Kid, StringComparison.Ordinal)))
            {
                continue;
            }

            if (found is not null)
            {
                return null;
            }

            found = key;
        }

        return found;
    }

    private static VerificationKey? TryImport(JsonElement jwk, int minRsaBits)
    {
        // RFC 7517 §4.2/§4.3: a key meant for encryption, or not for verify, is not a signing key.
        if (String(jwk, "use") is { } use && use != "sig")
        {
            return null;
        }

        if (jwk.TryGetProperty("key_ops", out var ops) && (ops.ValueKind != JsonValueKind.Array
            || !ops.EnumerateArray().Any(o => o.ValueKind == JsonValueKind.String && o.GetString() == "verify")))
        {
            return null;
        }

        // A published private key is a provider mistake; never import it.
        if (jwk.TryGetProperty("d", out _))
        {
            return null;
        }

        var kid = String(jwk, "kid");
        var alg = String(jwk, "alg");
        try
        {
            return String(jwk, "kty") switch
            {
                "RSA" => ImportRsa(jwk, kid, alg, minRsaBits),
                "EC" => ImportEc(jwk, kid, alg),
                _ => null,
            };
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    private static VerificationKey? ImportRsa(JsonElement jwk, string? kid, string? alg, int minRsaBits)
    {
        var n = Bytes(jwk, "n");
        var e = Bytes(jwk, "e");
        if (n is null || e is null || e.Length is 0 or > 8)
        {
            return null;
        }

        // RFC 7518 §6.3.1.1 forbids leading zero octets, but some providers send one; the size counts from the first 1 bit.
        n = n.AsSpan().TrimStart((byte)0).ToArray();
        if (n.Length == 0)
        {
            return null;
        }

        return n.Length * 8 < minRsaBits ? null : VerificationKey.Rsa(kid, alg, new RSAParameters { Modulus = n, Exponent = e });
    }

    private static VerificationKey? ImportEc(JsonElement jwk, string? kid, string? alg)
    {
        var crv = String(jwk, "crv");
        if (crv is null || !Curves.TryGetValue(crv, out var curve))
        {
            return null;
        }

        var x = Bytes(jwk, "x");
        var y = Bytes(jwk, "y");
        if (x is null || y is null || x.Length != curve.Size || y.Length != curve.Size)
        {
            return null;
        }

        var parameters = new ECParameters { Curve = curve.Curve, Q = new ECPoint { X = x, Y = y } };
        return VerificationKey.Ec(kid, alg, crv, parameters);
    }

    private static string? String(JsonElement jwk, string name) =>
        jwk.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static byte[]? Bytes(JsonElement jwk, string name) =>
        String(jwk, name) is { } text ? Base64UrlStrict.Decode(text) : null;
}
