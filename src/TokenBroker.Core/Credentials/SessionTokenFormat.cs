using System.Text;

namespace TokenBroker.Core.Credentials;

/// <summary>Constants of the session token format (version 1); changing any of them needs a new version.</summary>
internal static class SessionTokenFormat
{
    /// <summary>The token format version, the first byte of every token.</summary>
    public const byte Version = 1;

    /// <summary>AWS's single session-token cap since 2026-09 (reference/sts.md b.3): 4,096 characters of base64.</summary>
    public const int MaxTokenChars = 4096;

    /// <summary>The raw bytes that fit in <see cref="MaxTokenChars"/> base64 characters.</summary>
    public const int MaxTokenBytes = MaxTokenChars / 4 * 3;

    /// <summary>ECDSA P-256 signature in IEEE P1363 form (r || s).</summary>
    public const int SignatureSize = 64;

    /// <summary>Uncompressed P-256 public point without the 0x04 prefix (X || Y).</summary>
    public const int PublicKeySize = 64;

    /// <summary>Length of a signing key id in bytes.</summary>
    public const int KeyIdSize = 8;

    /// <summary>Length of a session id in bytes.</summary>
    public const int SessionIdSize = 16;

    /// <summary>The longest session STS issues: GetSessionToken and GetFederationToken allow 129,600 s (reference/sts.md b.2).</summary>
    public static readonly TimeSpan MaxSessionDuration = TimeSpan.FromSeconds(129_600);

    /// <summary>Domain separation for the token signature, so no other signed message can pass for a token.</summary>
    public static readonly byte[] TokenSignatureContext = Encoding.ASCII.GetBytes("tokenbroker/session-token/v1\0");

    /// <summary>Domain separation for the root key's signature over a signing-key certificate.</summary>
    public static readonly byte[] CertificateSignatureContext = Encoding.ASCII.GetBytes("tokenbroker/signing-key-certificate/v1\0");
}
