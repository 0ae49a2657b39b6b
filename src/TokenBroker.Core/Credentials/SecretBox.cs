using System.Security.Cryptography;
using System.Text;

namespace TokenBroker.Core.Credentials;

/// <summary>
/// Encrypts secrets at rest (access-key secrets, MFA seeds) with AES-256-GCM under the directory data key. The
/// associated data names the row a ciphertext belongs to, so a ciphertext copied into another row fails to decrypt.
/// </summary>
public sealed class SecretBox : IDisposable
{
    private const byte FormatVersion = 1;
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private const int HeaderSize = 1 + NonceSize + TagSize;

    private readonly byte[] _key;

    /// <summary>Takes ownership of a 256-bit data key; <see cref="Dispose"/> zeroes it.</summary>
    public SecretBox(byte[] key)
    {
        if (key.Length != 32)
        {
            throw new CryptographicException("The directory data key must be 256 bits.");
        }

        _key = key;
    }

    /// <summary>Encrypts; the result is version | nonce | tag | ciphertext.</summary>
    public byte[] Seal(ReadOnlySpan<byte> plaintext, string purpose, params ReadOnlySpan<string> rowKey)
    {
        var sealedBytes = new byte[HeaderSize + plaintext.Length];
        sealedBytes[0] = FormatVersion;
        var nonce = sealedBytes.AsSpan(1, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, TagSize);
        aes.Encrypt(nonce, plaintext, sealedBytes.AsSpan(HeaderSize), sealedBytes.AsSpan(1 + NonceSize, TagSize), AssociatedData(purpose, rowKey));
        return sealedBytes;
    }

    /// <summary>Decrypts; throws on tampering, another key, or a ciphertext that belongs to another row.</summary>
    public byte[] Open(byte[] sealedBytes, string purpose, params ReadOnlySpan<string> rowKey)
    {
        if (sealedBytes.Length < HeaderSize || sealedBytes[0] != FormatVersion)
        {
            throw new CryptographicException("A stored secret is malformed.");
        }

        var plaintext = new byte[sealedBytes.Length - HeaderSize];
        using var aes = new AesGcm(_key, TagSize);
        aes.Decrypt(
            sealedBytes.AsSpan(1, NonceSize),
            sealedBytes.AsSpan(HeaderSize),
            sealedBytes.AsSpan(1 + NonceSize, TagSize),
            plaintext,
            AssociatedData(purpose, rowKey));
        return plaintext;
    }

    /// <summary>Zeroes the key.</summary>
    public void Dispose() => CryptographicOperations.ZeroMemory(_key);

    // NUL separates the parts: none of the identifiers can contain it, so two different rows never share AAD.
    private static byte[] AssociatedData(string purpose, ReadOnlySpan<string> rowKey)
    {
        var builder = new StringBuilder("tokenbroker/").Append(purpose).Append("/v1");
        foreach (var part in rowKey)
        {
            builder.Append('\0').Append(part);
        }

        return Encoding.UTF8.GetBytes(builder.ToString());
    }
}
