using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using TokenBroker.Core.Credentials;

namespace TokenBroker.Core.Outbound;

/// <summary>
/// The stored form of one issuer signing key: the private key sealed under the data key, and a certificate the root
/// key signed over the key's algorithm, rotation slot, public key and the root key's id. A loader trusts a stored key
/// only when both check out, so neither a writer of the key-record store nor a holder of the data key alone can make
/// the broker sign with, or publish, a key of their choosing (architecture note §4: keys certified by the root key).
/// </summary>
internal static class OidcKeyRecord
{
    private static readonly byte[] CertificateContext = Encoding.ASCII.GetBytes("TokenBroker OIDC signing key certificate v1\0");

    /// <summary>The message the root key signs for a key: context, algorithm, slot, SubjectPublicKeyInfo, root key id.</summary>
    public static byte[] CertificateBody(string algorithm, long slot, ReadOnlySpan<byte> publicKeyInfo, string rootKeyId)
    {
        var writer = new TokenWriter();
        writer.WriteBytes(CertificateContext);
        writer.WriteString(algorithm);
        writer.WriteString(slot.ToString(CultureInfo.InvariantCulture));
        writer.WriteLengthPrefixed(publicKeyInfo);
        writer.WriteString(rootKeyId);
        return writer.ToArray();
    }

    /// <summary>Joins the sealed private key, the certificate body and the root signature into one record value.</summary>
    public static byte[] Encode(ReadOnlySpan<byte> sealedKey, ReadOnlySpan<byte> certificateBody, ReadOnlySpan<byte> rootSignature)
    {
        var writer = new TokenWriter();
        writer.WriteLengthPrefixed(sealedKey);
        writer.WriteLengthPrefixed(certificateBody);
        writer.WriteLengthPrefixed(rootSignature);
        return writer.ToArray();
    }

    /// <summary>Splits a record value; false when it is not exactly three length-prefixed parts.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> value, out byte[] sealedKey, out byte[] certificateBody, out byte[] rootSignature)
    {
        (sealedKey, certificateBody, rootSignature) = ([], [], []);
        var reader = new TokenReader(value);
        if (!reader.TryReadLengthPrefixed(out var sealedPart) || !reader.TryReadLengthPrefixed(out var body)
            || !reader.TryReadLengthPrefixed(out var signature) || !reader.IsAtEnd)
        {
            return false;
        }

        (sealedKey, certificateBody, rootSignature) = (sealedPart.ToArray(), body.ToArray(), signature.ToArray());
        return true;
    }

    /// <summary>
    /// Checks that <paramref name="certificateBody"/> is exactly the body for this key, algorithm and slot under the
    /// current root key, and that the root key signed it; throws <see cref="CryptographicException"/> otherwise.
    /// </summary>
    public static void Verify(
        OidcSigningKey key, long slot, string rootKeyId, byte[] rootPublicKeyInfo, byte[] certificateBody, byte[] rootSignature)
    {
        var expected = CertificateBody(key.Algorithm, slot, key.ExportSubjectPublicKeyInfo(), rootKeyId);
        using var root = ECDsa.Create();
        root.ImportSubjectPublicKeyInfo(rootPublicKeyInfo, out _);
        if (!CryptographicOperations.FixedTimeEquals(expected, certificateBody)
            || !root.VerifyData(certificateBody, rootSignature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence))
        {
            throw new CryptographicException(
                $"The stored {key.Algorithm} issuer signing key of slot {slot.ToString(CultureInfo.InvariantCulture)} is not certified by the root key.");
        }
    }
}
