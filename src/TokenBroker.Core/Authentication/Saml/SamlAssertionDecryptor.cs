using System.Security.Cryptography;
using System.Xml;
using TokenBroker.Core.Model;

namespace TokenBroker.Core.Authentication.Saml;

/// <summary>
/// Decrypts a saml:EncryptedAssertion without EncryptedXml: RSA-OAEP key transport, AES-GCM content (AES-CBC only when
/// a verified Response signature covers the ciphertext, "One Bad Apple"), no RetrievalMethod or CipherReference, and
/// one null result for every failure so there is no padding or format oracle (federation.md §2.4 step 10, §6).
/// </summary>
internal static class SamlAssertionDecryptor
{
    private const int GcmNonceSize = 12;
    private const int GcmTagSize = 16;
    private const int CbcBlockSize = 16;

    /// <summary>
    /// The decrypted Assertion, read into the response's document in place of the EncryptedAssertion; null on any
    /// failure. Each private key is tried in turn, so a provider keeps working while its key is rotated.
    /// </summary>
    public static XmlElement? Decrypt(XmlElement encryptedAssertion, IReadOnlyList<SamlPrivateKey> privateKeys, bool allowCbc)
    {
        var plaintext = DecryptData(encryptedAssertion, privateKeys, allowCbc);
        return plaintext is null ? null : ReadInPlace(encryptedAssertion, plaintext);
    }

    private static byte[]? DecryptData(XmlElement encryptedAssertion, IReadOnlyList<SamlPrivateKey> privateKeys, bool allowCbc)
    {
        // EncryptedAssertion: EncryptedData, then EncryptedKey elements (SAML Core §2.3.4).
        var children = SamlXml.Children(encryptedAssertion);
        if (children is null || children.Count is < 1 or > 2 || !SamlXml.Is(children[0], SamlNames.XmlEnc, "EncryptedData"))
        {
            return null;
        }

        var data = SamlXml.Children(children[0]);
        if (data is null || data.Count is < 2 or > 3 || !SamlXml.Is(data[0], SamlNames.XmlEnc, "EncryptionMethod"))
        {
            return null;
        }

        var algorithm = SamlXml.Attribute(data[0], "Algorithm");
        var encryptedKey = FindEncryptedKey(data, children);
        var cipherValue = CipherValue(data[^1]);
        var wrapped = encryptedKey is null ? null : WrappedKey(encryptedKey);
        var ciphertext = cipherValue is null ? null : FromBase64(cipherValue);
        if (wrapped is null || ciphertext is null)
        {
            return null;
        }

        var keySize = algorithm switch
        {
            SamlNames.Aes128Gcm or SamlNames.Aes128Cbc => 16,
            SamlNames.Aes256Gcm or SamlNames.Aes256Cbc => 32,
            _ => 0,
        };
        var isCbc = algorithm is SamlNames.Aes128Cbc or SamlNames.Aes256Cbc;
        if (keySize == 0 || (isCbc && !allowCbc))
        {
            return null;
        }

        foreach (var privateKey in privateKeys.Take(SamlProvider.MaxPrivateKeys))
        {
            // A fresh RSA object per validation: RSA instances are not documented as safe to share between threads.
            using var rsa = RSA.Create();
            rsa.ImportPkcs8PrivateKey(privateKey.PrivateKey, out _);
            var plaintext = TryDecrypt(rsa, wrapped.Value, keySize, isCbc, ciphertext);
            if (plaintext is not null)
            {
                return plaintext;
            }
        }

        return null;
    }

    // One key's attempt: a wrong key fails in the OAEP unwrap or, at the latest, in the GCM tag check.
    private static byte[]? TryDecrypt(RSA privateKey, (byte[] Value, RSAEncryptionPadding Padding) wrapped, int keySize, bool isCbc, byte[] ciphertext)
    {
        byte[]? key = null;
        try
        {
            key = privateKey.Decrypt(wrapped.Value, wrapped.Padding);
            return key.Length != keySize ? null : isCbc ? DecryptCbc(key, ciphertext) : DecryptGcm(key, ciphertext);
        }
        catch (CryptographicException)
        {
            return null;
        }
        finally
        {
            if (key is not null)
            {
                CryptographicOperations.ZeroMemory(key);
            }
        }
    }

    private static byte[]? FromBase64(string text)
    {
        try
        {
            return Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static XmlElement? FindEncryptedKey(List<XmlElement> data, List<XmlElement> assertionChildren)
    {
        // Key inline in EncryptedData/KeyInfo, or one EncryptedKey beside EncryptedData; RetrievalMethod is refused.
        XmlElement? inline = null;
        if (data.Count == 3)
        {
            var keyInfo = SamlXml.Children(data[1]);
            if (!SamlXml.Is(data[1], SamlNames.DSig, "KeyInfo") || keyInfo is not { Count: 1 } || !SamlXml.Is(keyInfo[0], SamlNames.XmlEnc, "EncryptedKey"))
            {
                return null;
            }

            inline = keyInfo[0];
        }

        var sibling = assertionChildren.Count == 2 ? assertionChildren[1] : null;
        if (sibling is not null && !SamlXml.Is(sibling, SamlNames.XmlEnc, "EncryptedKey"))
        {
            return null;
        }

        return (inline, sibling) switch
        {
            ({ } key, null) => key,
            (null, { } key) => key,
            _ => null,
        };
    }

    private static (byte[] Value, RSAEncryptionPadding Padding)? WrappedKey(XmlElement encryptedKey)
    {
        // EncryptedKey: EncryptionMethod, KeyInfo? (the recipient's certificate; ignored), CipherData.
        var children = SamlXml.Children(encryptedKey);
        if (children is null || children.Count is < 2 or > 3 || !SamlXml.Is(children[0], SamlNames.XmlEnc, "EncryptionMethod")
            || (children.Count == 3 && !SamlXml.Is(children[1], SamlNames.DSig, "KeyInfo")))
        {
            return null;
        }

        var padding = OaepPadding(children[0]);
        var cipherValue = CipherValue(children[^1]);
        var wrapped = cipherValue is null ? null : FromBase64(cipherValue);
        return padding is null || wrapped is null ? null : (wrapped, padding);
    }

    private static RSAEncryptionPadding? OaepPadding(XmlElement method)
    {
        // RSA1_5 is refused (Bleichenbacher). .NET's OAEP uses one hash for the label and MGF1, so only matching pairs work.
        var algorithm = SamlXml.Attribute(method, "Algorithm");
        var parameters = SamlXml.Children(method);
        if (parameters is null || (algorithm is not (SamlNames.RsaOaepMgf1P or SamlNames.RsaOaep)))
        {
            return null;
        }

        string? digest = null;
        string? mgf = null;
        foreach (var parameter in parameters)
        {
            if (SamlXml.Is(parameter, SamlNames.DSig, "DigestMethod"))
            {
                digest = SamlXml.Attribute(parameter, "Algorithm");
            }
            else if (SamlXml.Is(parameter, SamlNames.XmlEnc11, "MGF") && algorithm == SamlNames.RsaOaep)
            {
                mgf = SamlXml.Attribute(parameter, "Algorithm");
            }
            else
            {
                return null;
            }
        }

        return (digest ?? SamlNames.Sha1, mgf ?? SamlNames.Mgf1Sha1) switch
        {
            (SamlNames.Sha1, SamlNames.Mgf1Sha1) => RSAEncryptionPadding.OaepSHA1,
            (SamlNames.Sha256, "http://www.w3.org/2009/xmlenc11#mgf1sha256") when algorithm == SamlNames.RsaOaep => RSAEncryptionPadding.OaepSHA256,
            _ => null,
        };
    }

    private static string? CipherValue(XmlElement cipherData)
    {
        // CipherReference would make us fetch ciphertext from a URI; only inline CipherValue is read.
        var children = SamlXml.Children(cipherData);
        return SamlXml.Is(cipherData, SamlNames.XmlEnc, "CipherData") && children is { Count: 1 } && SamlXml.Is(children[0], SamlNames.XmlEnc, "CipherValue")
            ? SamlXml.TrimmedText(children[0])
            : null;
    }

    private static byte[]? DecryptGcm(byte[] key, byte[] data)
    {
        // XML Encryption 1.1 §5.2.4: IV (96 bits) || ciphertext || tag (128 bits).
        if (data.Length < GcmNonceSize + GcmTagSize)
        {
            return null;
        }

        var plaintext = new byte[data.Length - GcmNonceSize - GcmTagSize];
        using var gcm = new AesGcm(key, GcmTagSize);
        gcm.Decrypt(data.AsSpan(0, GcmNonceSize), data.AsSpan(GcmNonceSize, plaintext.Length), data.AsSpan(data.Length - GcmTagSize), plaintext);
        return plaintext;
    }

    private static byte[]? DecryptCbc(byte[] key, byte[] data)
    {
        // XML Encryption §5.2: IV || ciphertext, padded with the pad length in the last byte (other pad bytes arbitrary).
        if (data.Length < 2 * CbcBlockSize || data.Length % CbcBlockSize != 0)
        {
            return null;
        }

        using var aes = Aes.Create();
        aes.Key = key;
        var padded = aes.DecryptCbc(data.AsSpan(CbcBlockSize), data.AsSpan(0, CbcBlockSize), PaddingMode.None);
        var pad = padded[^1];
        return pad is < 1 or > CbcBlockSize ? null : padded[..^pad];
    }

    private static XmlElement? ReadInPlace(XmlElement encryptedAssertion, byte[] plaintext)
    {
        // The plaintext is an element that uses the prefixes in scope at the EncryptedAssertion (XML Encryption §4.5).
        var document = encryptedAssertion.OwnerDocument;
        var namespaces = new XmlNamespaceManager(document.NameTable);
        foreach (var (prefix, uri) in InScopeNamespaces(encryptedAssertion))
        {
            namespaces.AddNamespace(prefix, uri);
        }

        var settings = new XmlReaderSettings
        {
            ConformanceLevel = ConformanceLevel.Fragment,
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersInDocument = plaintext.Length,
            MaxCharactersFromEntities = 1024,
        };
        var context = new XmlParserContext(document.NameTable, namespaces, null, XmlSpace.Preserve);
        try
        {
            using var reader = XmlReader.Create(new MemoryStream(plaintext, writable: false), settings, context);
            reader.MoveToContent();
            if (document.ReadNode(reader) is not XmlElement assertion)
            {
                return null;
            }

            reader.MoveToContent();
            if (!reader.EOF)
            {
                return null;
            }

            encryptedAssertion.ParentNode!.ReplaceChild(assertion, encryptedAssertion);
            return assertion;
        }
        catch (XmlException)
        {
            return null;
        }
    }

    private static Dictionary<string, string> InScopeNamespaces(XmlElement element)
    {
        var namespaces = new Dictionary<string, string>(StringComparer.Ordinal);
        for (XmlNode? node = element; node is XmlElement current; node = node.ParentNode)
        {
            foreach (XmlAttribute attribute in current.Attributes)
            {
                if (string.Equals(attribute.NamespaceURI, "http://www.w3.org/2000/xmlns/", StringComparison.Ordinal))
                {
                    var prefix = string.Equals(attribute.Prefix, "xmlns", StringComparison.Ordinal) ? attribute.LocalName : "";
                    namespaces.TryAdd(prefix, attribute.Value);
                }
            }
        }

        return namespaces;
    }
}
