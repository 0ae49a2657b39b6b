using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using TokenBroker.Core.Credentials;

namespace TokenBroker.Core.DataPlane;

/// <summary>
/// Seals decoded authorization messages into the opaque "encoded authorization failure message" AWS services return,
/// and opens them for sts:DecodeAuthorizationMessage. AES-256-GCM under a key derived with HKDF-SHA256 from a subkey of
/// the directory data key, so every broker instance opens what another sealed and no KMS call is made after start.
/// Layout: base64url(version 1 || 12-byte nonce || ciphertext || 16-byte tag); the plaintext holds the issue time, the
/// accounts that may decode it and the AWS-shaped JSON. Nothing of it is readable without the key.
/// </summary>
public sealed class AuthorizationMessageCodec(SecretAccessKeyDeriver deriver, TimeProvider timeProvider)
{
    /// <summary>How long a message can be decoded after it was issued.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    /// <summary>The longest EncodedMessage DecodeAuthorizationMessage accepts (API reference: 1 to 10,240 characters).</summary>
    public const int MaxEncodedLength = 10240;

    private const byte Version = 1;
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private static readonly byte[] Info = Encoding.ASCII.GetBytes("tokenbroker/authorization-message/aes-256-gcm/v1");
    private static readonly byte[] AssociatedData = [Version];
    private volatile byte[]? _key;

    /// <summary>The encoded message for <paramref name="messageJson"/>, decodable by principals of <paramref name="accounts"/>.</summary>
    public async ValueTask<string> EncodeAsync(string messageJson, IReadOnlyCollection<string> accounts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messageJson);
        ArgumentNullException.ThrowIfNull(accounts);
        var key = _key ?? await LoadKeyAsync(cancellationToken);
        var plaintext = Envelope(messageJson, accounts, timeProvider.GetUtcNow().ToUnixTimeSeconds());
        var sealedBytes = new byte[1 + NonceSize + plaintext.Length + TagSize];
        sealedBytes[0] = Version;
        var nonce = sealedBytes.AsSpan(1, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using (var aes = new AesGcm(key, TagSize))
        {
            aes.Encrypt(nonce, plaintext, sealedBytes.AsSpan(1 + NonceSize, plaintext.Length), sealedBytes.AsSpan(1 + NonceSize + plaintext.Length), AssociatedData);
        }

        return Convert.ToBase64String(sealedBytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    /// <summary>The AWS-shaped JSON of a message that <paramref name="account"/> may decode, or null when it is invalid, tampered with, expired or another account's.</summary>
    public async ValueTask<string?> DecodeAsync(string encoded, string account, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(encoded);
        if (encoded.Length is 0 or > MaxEncodedLength || !TryFromBase64Url(encoded, out var sealedBytes)
            || sealedBytes.Length < 1 + NonceSize + TagSize || sealedBytes[0] != Version)
        {
            return null;
        }

        var key = _key ?? await LoadKeyAsync(cancellationToken);
        var plaintext = new byte[sealedBytes.Length - 1 - NonceSize - TagSize];
        try
        {
            using var aes = new AesGcm(key, TagSize);
            aes.Decrypt(sealedBytes.AsSpan(1, NonceSize), sealedBytes.AsSpan(1 + NonceSize, plaintext.Length), sealedBytes.AsSpan(^TagSize), plaintext, AssociatedData);
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }

        var issuedAt = DateTimeOffset.FromUnixTimeSeconds(BinaryPrimitives.ReadInt64BigEndian(plaintext));
        using var envelope = JsonDocument.Parse(plaintext.AsMemory(sizeof(long)));
        var accounts = envelope.RootElement.GetProperty("accounts").EnumerateArray().Select(a => a.GetString());
        return timeProvider.GetUtcNow() - issuedAt <= Lifetime && accounts.Contains(account, StringComparer.Ordinal)
            ? envelope.RootElement.GetProperty("message").GetRawText()
            : null;
    }

    private static byte[] Envelope(string messageJson, IReadOnlyCollection<string> accounts, long issuedAt)
    {
        using var buffer = new MemoryStream();
        Span<byte> time = stackalloc byte[sizeof(long)];
        BinaryPrimitives.WriteInt64BigEndian(time, issuedAt);
        buffer.Write(time);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartArray("accounts");
            foreach (var account in accounts)
            {
                json.WriteStringValue(account);
            }

            json.WriteEndArray();
            json.WritePropertyName("message");
            json.WriteRawValue(messageJson);
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private async ValueTask<byte[]> LoadKeyAsync(CancellationToken cancellationToken)
    {
        var subkey = await deriver.DeriveSubkeyAsync("authorization-message", cancellationToken);
        var key = HKDF.DeriveKey(HashAlgorithmName.SHA256, subkey, 32, salt: [], info: Info);
        CryptographicOperations.ZeroMemory(subkey);
        _key = key;
        return key;
    }

    private static bool TryFromBase64Url(string text, out byte[] bytes)
    {
        bytes = [];
        foreach (var c in text)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not '-' and not '_')
            {
                return false;
            }
        }

        var padded = text.Replace('-', '+').Replace('_', '/') + new string('=', (4 - (text.Length % 4)) % 4);
        try
        {
            bytes = Convert.FromBase64String(padded);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
