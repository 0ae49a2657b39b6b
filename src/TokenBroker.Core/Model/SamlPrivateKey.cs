using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace TokenBroker.Core.Model;

/// <summary>
/// A private key a SAML provider decrypts EncryptedAssertion with (IAM SAMLPrivateKey: KeyId and Timestamp); the key
/// itself is RSA PKCS#8 DER, plaintext only in memory and sealed under the directory data key at rest.
/// </summary>
public sealed record SamlPrivateKey(string KeyId, DateTimeOffset Timestamp, byte[] PrivateKey)
{
    /// <summary>The smallest RSA key accepted, as for signing keys (federation.md §2.4 step 8).</summary>
    public const int MinKeySize = 2048;

    /// <summary>IAM AddPrivateKey: the PEM text is at most 16,384 characters.</summary>
    public const int MaxPemLength = 16384;

    /// <summary>Keeps the key out of logs and exception messages.</summary>
    public override string ToString() => $"SamlPrivateKey {{ KeyId = {KeyId} }}";

    /// <summary>
    /// Reads one RSA private key (PEM "PRIVATE KEY" or "RSA PRIVATE KEY"; other PEM blocks such as a certificate are
    /// ignored) of at least 2048 bits, or says why it is refused without echoing any key material.
    /// </summary>
    public static bool TryImport(string pem, DateTimeOffset timestamp, [NotNullWhen(true)] out SamlPrivateKey? key, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(pem);
        key = null;
        if (pem.Length > MaxPemLength)
        {
            error = $"the private key PEM is longer than {MaxPemLength} characters.";
            return false;
        }

        var der = FindPrivateKey(pem, out var notFound);
        if (der is null)
        {
            error = notFound!;
            return false;
        }

        using var rsa = RSA.Create();
        try
        {
            if (der.Value.Pkcs8)
            {
                rsa.ImportPkcs8PrivateKey(der.Value.Bytes, out _);
            }
            else
            {
                rsa.ImportRSAPrivateKey(der.Value.Bytes, out _);
            }
        }
        catch (CryptographicException)
        {
            error = "the private key is not a readable RSA private key.";
            return false;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(der.Value.Bytes);
        }

        if (rsa.KeySize < MinKeySize)
        {
            error = $"the private key is RSA-{rsa.KeySize}; at least RSA-{MinKeySize} is required.";
            return false;
        }

        error = null;
        key = new SamlPrivateKey(KeyIdOf(rsa), timestamp, rsa.ExportPkcs8PrivateKey());
        return true;
    }

    /// <summary>
    /// The key's id: the first 16 bytes of the SHA-256 of its public key in upper-case hex, so the same key always has
    /// the same id and the id reveals nothing secret (IAM KeyId: 22 to 64 characters of [A-Z0-9]).
    /// </summary>
    public static string KeyIdOf(RSA rsa)
    {
        ArgumentNullException.ThrowIfNull(rsa);
        return Convert.ToHexString(SHA256.HashData(rsa.ExportSubjectPublicKeyInfo()).AsSpan(0, 16));
    }

    private static (byte[] Bytes, bool Pkcs8)? FindPrivateKey(string pem, out string? error)
    {
        (byte[] Bytes, bool Pkcs8)? found = null;
        var rest = pem.AsSpan();
        while (PemEncoding.TryFind(rest, out var fields))
        {
            var label = rest[fields.Label];
            var pkcs8 = label.SequenceEqual("PRIVATE KEY");
            if (label.SequenceEqual("ENCRYPTED PRIVATE KEY"))
            {
                error = "the private key is encrypted; give the key without a passphrase (it is sealed at rest by the broker).";
                return null;
            }

            if (pkcs8 || label.SequenceEqual("RSA PRIVATE KEY"))
            {
                if (found is not null)
                {
                    error = "the PEM holds more than one private key.";
                    return null;
                }

                found = (Convert.FromBase64String(rest[fields.Base64Data].ToString()), pkcs8);
            }

            rest = rest[fields.Location.End..];
        }

        error = found is null ? "no PEM 'PRIVATE KEY' or 'RSA PRIVATE KEY' block was found." : null;
        return found;
    }
}
