using System.Xml.Linq;

namespace TokenBroker.Cli.DirectoryFiles;

/// <summary>
/// Writes the minimal IdP metadata that holds what a SAML provider keeps (entity ID and signing certificates), so
/// that <c>directory show</c> output can be applied again (SAML Metadata §2.3.2, §2.4.4).
/// </summary>
internal static class SamlMetadataWriter
{
    private static readonly XNamespace Metadata = "urn:oasis:names:tc:SAML:2.0:metadata";
    private static readonly XNamespace DSig = "http://www.w3.org/2000/09/xmldsig#";

    public static string Write(string entityId, IReadOnlyList<byte[]> signingCertificates) =>
        new XElement(Metadata + "EntityDescriptor",
            new XAttribute(XNamespace.Xmlns + "md", Metadata),
            new XAttribute(XNamespace.Xmlns + "ds", DSig),
            new XAttribute("entityID", entityId),
            new XElement(Metadata + "IDPSSODescriptor",
                new XAttribute("protocolSupportEnumeration", "urn:oasis:names:tc:SAML:2.0:protocol"),
                signingCertificates.Select(certificate => new XElement(Metadata + "KeyDescriptor",
                    new XAttribute("use", "signing"),
                    new XElement(DSig + "KeyInfo", new XElement(DSig + "X509Data",
                        new XElement(DSig + "X509Certificate", Convert.ToBase64String(certificate)))))))).ToString() + "\n";
}
