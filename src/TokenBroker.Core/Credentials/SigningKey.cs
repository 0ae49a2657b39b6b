using System.Security.Cryptography;

namespace TokenBroker.Core.Credentials;

/// <summary>An instance's ephemeral P-256 signing key with its certificate and the time it should be replaced.</summary>
internal sealed class SigningKey(ECDsa key, SigningKeyCertificate certificate, DateTimeOffset rotateAt)
{
    public SigningKeyCertificate Certificate { get; } = certificate;

    /// <summary>After this time a new key is made; this one stays valid for verification until its certificate's NotAfter.</summary>
    public DateTimeOffset RotateAt { get; } = rotateAt;

    /// <summary>Whether tokens expiring at <paramref name="expiration"/> may be signed with this key at <paramref name="now"/>.</summary>
    public bool Covers(DateTimeOffset now, DateTimeOffset expiration) =>
        now >= Certificate.NotBefore && expiration <= Certificate.NotAfter;

    /// <summary>Signs with ECDSA P-256/SHA-256 into the fixed 64-byte IEEE P1363 form.</summary>
    public int Sign(ReadOnlySpan<byte> message, Span<byte> signature) =>
        key.SignData(message, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
}
