namespace TokenBroker.Core.Ports;

/// <summary>
/// The root of trust: an ECC P-256 signing key and a key-encryption key, both held by KMS on AWS or a local key file
/// in embedded mode. Callers use it rarely (certifying signing keys, wrapping data keys), never once per credential.
/// </summary>
public interface IKeyRing
{
    /// <summary>A stable identifier of the root key (KMS key ARN, or a local key fingerprint).</summary>
    string RootKeyId { get; }

    /// <summary>The root signing key's public half as DER SubjectPublicKeyInfo.</summary>
    Task<byte[]> GetRootPublicKeyAsync(CancellationToken cancellationToken);

    /// <summary>Signs a message with the root key: ECDSA P-256 with SHA-256, signature in DER form (as KMS returns it).</summary>
    Task<byte[]> SignAsync(byte[] message, CancellationToken cancellationToken);

    /// <summary>Creates a fresh 256-bit data key and returns it in plaintext and wrapped under the root key.</summary>
    Task<DataKey> GenerateDataKeyAsync(CancellationToken cancellationToken);

    /// <summary>Unwraps a data key produced by <see cref="GenerateDataKeyAsync"/>; fails on tampering or another root.</summary>
    Task<byte[]> DecryptDataKeyAsync(byte[] wrappedKey, CancellationToken cancellationToken);
}
