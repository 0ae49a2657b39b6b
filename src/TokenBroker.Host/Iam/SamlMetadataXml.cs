using System.Text;
using System.Xml;
using TokenBroker.Core.Model;

namespace TokenBroker.Host.Iam;

/// <summary>
/// The SAML metadata GetSAMLProvider returns. The directory keeps what the broker trusts of an IdP's metadata (its
/// entity id and signing certificates), not the uploaded file, so the document is rebuilt from those: an
/// EntityDescriptor with one IDPSSODescriptor and a signing KeyDescriptor per certificate (SAML Metadata 2.0 §2.4.3).
/// </summary>
internal static class SamlMetadataXml
{
    private const string Metadata = "urn:oasis:names:tc:SAML:2.0:metadata";
    private const string Signature = "http://www.w3.org/2000/09/xmldsig#";

    public static string Write(SamlProvider provider)
    {
        var text = new StringBuilder();
        using (var xml = XmlWriter.Create(text, new XmlWriterSettings { OmitXmlDeclaration = true }))
        {
            xml.WriteStartElement("md", "EntityDescriptor", Metadata);
            xml.WriteAttributeString("entityID", provider.EntityId);
            xml.WriteStartElement("md", "IDPSSODescriptor", Metadata);
            xml.WriteAttributeString("protocolSupportEnumeration", "urn:oasis:names:tc:SAML:2.0:protocol");
            foreach (var certificate in provider.SigningCertificates)
            {
                xml.WriteStartElement("md", "KeyDescriptor", Metadata);
                xml.WriteAttributeString("use", "signing");
                xml.WriteStartElement("ds", "KeyInfo", Signature);
                xml.WriteStartElement("ds", "X509Data", Signature);
                xml.WriteElementString("ds", "X509Certificate", Signature, Convert.ToBase64String(certificate));
                xml.WriteEndElement();
                xml.WriteEndElement();
                xml.WriteEndElement();
            }

            xml.WriteEndElement();
            xml.WriteEndElement();
        }

        return text.ToString();
    }
}
