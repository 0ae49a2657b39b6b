namespace TokenBroker.Embedded;

/// <summary>The on-disk form of the local root key (base64 PKCS#8 signing key and raw key-encryption key).</summary>
internal sealed record KeyFile(int Version, string SigningKey, string WrappingKey);
