using System.Security.Cryptography;

namespace TokenBroker.Core.Authentication.WebIdentity;

/// <summary>A JWS signature algorithm this broker can verify (RFC 7518 §3.3, §3.4, §3.5).</summary>
internal sealed record JwsAlgorithm(string Name, string KeyType, HashAlgorithmName Hash, string? Curve, int CoordinateSize, bool Pss)
{
    private static readonly Dictionary<string, JwsAlgorithm> Known = new(StringComparer.Ordinal)
    {
        ["RS256"] = new("RS256", "RSA", HashAlgorithmName.SHA256, null, 0, false),
        ["RS384"] = new("RS384", "RSA", HashAlgorithmName.SHA384, null, 0, false),
        ["RS512"] = new("RS512", "RSA", HashAlgorithmName.SHA512, null, 0, false),
        ["PS256"] = new("PS256", "RSA", HashAlgorithmName.SHA256, null, 0, true),
        ["PS384"] = new("PS384", "RSA", HashAlgorithmName.SHA384, null, 0, true),
        ["PS512"] = new("PS512", "RSA", HashAlgorithmName.SHA512, null, 0, true),
        ["ES256"] = new("ES256", "EC", HashAlgorithmName.SHA256, "P-256", 32, false),
        ["ES384"] = new("ES384", "EC", HashAlgorithmName.SHA384, "P-384", 48, false),
        ["ES512"] = new("ES512", "EC", HashAlgorithmName.SHA512, "P-521", 66, false),
    };

    /// <summary>
    /// What AWS accepts: "Tokens must be signed using either RSA keys (RS256, RS384, or RS512) or ECDSA keys (ES256,
    /// ES384, or ES512)" (STS API, WebIdentityToken). PS* only through a provider's own allow-list.
    /// </summary>
    public static readonly IReadOnlySet<string> AwsDefault =
        new HashSet<string>(["RS256", "RS384", "RS512", "ES256", "ES384", "ES512"], StringComparer.Ordinal);

    /// <summary>The algorithm with this exact name, or null (none, HS*, EdDSA and anything unknown).</summary>
    public static JwsAlgorithm? Find(string name) => Known.GetValueOrDefault(name);
}
