using System.Xml;

namespace TokenBroker.Core.Tests.Saml;

/// <summary>Edits a signed response the way an attacker would: load it, change nodes, write it back.</summary>
internal sealed class SamlMutation
{
    private readonly XmlNamespaceManager _ns;

    public SamlMutation(string xml)
    {
        Document = new XmlDocument { PreserveWhitespace = true };
        Document.LoadXml(xml);
        _ns = new XmlNamespaceManager(Document.NameTable);
        _ns.AddNamespace("samlp", "urn:oasis:names:tc:SAML:2.0:protocol");
        _ns.AddNamespace("saml", "urn:oasis:names:tc:SAML:2.0:assertion");
        _ns.AddNamespace("ds", "http://www.w3.org/2000/09/xmldsig#");
        _ns.AddNamespace("xenc", "http://www.w3.org/2001/04/xmlenc#");
    }

    public XmlDocument Document { get; }

    public XmlElement Response => Document.DocumentElement!;

    public XmlElement Assertion => One("/samlp:Response/saml:Assertion");

    public XmlElement One(string xpath) => (XmlElement)(Document.SelectSingleNode(xpath, _ns) ?? throw new InvalidOperationException("No node at " + xpath));

    public XmlElement New(string prefix, string localName, string ns) => Document.CreateElement(prefix, localName, ns);

    /// <summary>Makes an assertion (or response) say what the attacker wants: another subject and session name.</summary>
    public static void MakeEvil(XmlElement element)
    {
        foreach (XmlElement nameId in element.GetElementsByTagName("NameID", "urn:oasis:names:tc:SAML:2.0:assertion"))
        {
            nameId.InnerText = "admin@example.com";
        }

        foreach (XmlElement value in element.GetElementsByTagName("AttributeValue", "urn:oasis:names:tc:SAML:2.0:assertion"))
        {
            if (value.InnerText == "alice@example.com")
            {
                value.InnerText = "admin";
            }
        }
    }

    /// <summary>A deep copy without its own enveloped signature.</summary>
    public static XmlElement UnsignedCopy(XmlElement element, string newId)
    {
        var copy = (XmlElement)element.CloneNode(deep: true);
        foreach (var child in copy.ChildNodes.OfType<XmlElement>().Where(c => c.LocalName == "Signature").ToList())
        {
            copy.RemoveChild(child);
        }

        copy.SetAttribute("ID", newId);
        return copy;
    }

    public override string ToString() => Document.OuterXml;
}
