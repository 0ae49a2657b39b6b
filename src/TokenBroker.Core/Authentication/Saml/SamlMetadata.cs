using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Xml;
using TokenBroker.Core.Model;

namespace TokenBroker.Core.Authentication.Saml;

/// <summary>
/// Reads IdP metadata (SAML Metadata §2.3.2, §2.4.4): the EntityDescriptor's entityID and the X.509 certificates of
/// the IDPSSODescriptor's KeyDescriptors whose use is "signing" or absent. Parsed as safely as a response.
/// </summary>
public static class SamlMetadata
{
    private const int MaxMetadataCharacters = 1_000_000;
    private const int MinRsaKeySize = 2048;

    /// <summary>The entity ID and signing certificates (DER), or the list of reasons the metadata was refused.</summary>
    public static SamlMetadataResult Parse(string xml)
    {
        ArgumentNullException.ThrowIfNull(xml);
        var document = xml.Length > MaxMetadataCharacters ? null : SamlXml.Load(Encoding.UTF8.GetBytes(xml), MaxMetadataCharacters);
        if (document?.DocumentElement is not { } root || !SamlXml.Is(root, SamlNames.Metadata, "EntityDescriptor"))
        {
            return SamlMetadataResult.Failed(["The metadata is not a well-formed md:EntityDescriptor without a DTD."]);
        }

        var errors = new List<string>();
        var entityId = SamlXml.Attribute(root, "entityID");
        if (string.IsNullOrWhiteSpace(entityId) || entityId.Length > 1024)
        {
            errors.Add("The EntityDescriptor has no entityID (1 to 1024 characters).");
        }

        var descriptors = root.ChildNodes.OfType<XmlElement>().Where(e => SamlXml.Is(e, SamlNames.Metadata, "IDPSSODescriptor")).ToList();
        if (descriptors.Count != 1)
        {
            errors.Add("The EntityDescriptor must have exactly one IDPSSODescriptor.");
            return SamlMetadataResult.Failed(errors);
        }

        var certificates = ReadSigningCertificates(descriptors[0], errors);
        if (certificates.Count == 0)
        {
            errors.Add("The IDPSSODescriptor has no signing certificate.");
        }
        else if (certificates.Count > SamlProvider.MaxSigningCertificates)
        {
            errors.Add($"The IDPSSODescriptor has more than {SamlProvider.MaxSigningCertificates} signing certificates.");
        }

        return errors.Count == 0 ? SamlMetadataResult.Succeeded(entityId!, certificates) : SamlMetadataResult.Failed(errors);
    }

    private static List<byte[]> ReadSigningCertificates(XmlElement descriptor, List<string> errors)
    {
        var certificates = new List<byte[]>();
        foreach (var keyDescriptor in descriptor.ChildNodes.OfType<XmlElement>().Where(e => SamlXml.Is(e, SamlNames.Metadata, "KeyDescriptor")))
        {
            var use = SamlXml.Attribute(keyDescriptor, "use");
            if (use is not (null or "signing"))
            {
                continue;
            }

            foreach (var text in CertificateTexts(keyDescriptor))
            {
                var der = Decode(text);
                if (der is null)
                {
                    errors.Add("A signing X509Certificate is not a DER certificate in base64.");
                }
                else if (!HasAcceptedKey(der))
                {
                    errors.Add("A signing certificate's key is neither RSA of at least 2048 bits nor EC.");
                }
                else
                {
                    certificates.Add(der);
                }
            }
        }

        return certificates;
    }

    // KeyDescriptor/ds:KeyInfo/ds:X509Data/ds:X509Certificate, by direct children only.
    private static IEnumerable<string> CertificateTexts(XmlElement keyDescriptor) =>
        keyDescriptor.ChildNodes.OfType<XmlElement>().Where(e => SamlXml.Is(e, SamlNames.DSig, "KeyInfo"))
            .SelectMany(k => k.ChildNodes.OfType<XmlElement>().Where(e => SamlXml.Is(e, SamlNames.DSig, "X509Data")))
            .SelectMany(d => d.ChildNodes.OfType<XmlElement>().Where(e => SamlXml.Is(e, SamlNames.DSig, "X509Certificate")))
            .Select(c => SamlXml.Text(c) ?? "");

    private static byte[]? Decode(string text)
    {
        var compact = new string(text.Where(c => !char.IsWhiteSpace(c)).ToArray());
        var bytes = new byte[compact.Length * 3 / 4];
        if (compact.Length == 0 || !Convert.TryFromBase64String(compact, bytes, out var written))
        {
            return null;
        }

        try
        {
            using var certificate = X509CertificateLoader.LoadCertificate(bytes.AsSpan(0, written));
            return bytes[..written];
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    private static bool HasAcceptedKey(byte[] der)
    {
        using var certificate = X509CertificateLoader.LoadCertificate(der);
        using var rsa = certificate.GetRSAPublicKey();
        if (rsa is not null)
        {
            return rsa.KeySize >= MinRsaKeySize;
        }

        using var ec = certificate.GetECDsaPublicKey();
        return ec is not null;
    }
}
