namespace TokenBroker.Core.Outbound;

/// <summary>The SigningAlgorithm values GetWebIdentityToken accepts (STS API reference).</summary>
public static class SigningAlgorithms
{
    /// <summary>ECDSA with P-384 and SHA-384.</summary>
    public const string Es384 = "ES384";

    /// <summary>RSASSA-PKCS1-v1_5 with SHA-256.</summary>
    public const string Rs256 = "RS256";

    /// <summary>Both, in the order AWS lists them in its enum message.</summary>
    public static IReadOnlyList<string> All { get; } = [Es384, Rs256];
}
