using System.Xml;

namespace TokenBroker.Core.Authentication.Saml;

/// <summary>
/// One pass over every node (iterative, depth-bounded) that indexes IDs and finds every signature and assertion, so
/// later checks can prove that nothing sits where it should not (federation.md §2.4 steps 4 and 5).
/// </summary>
internal sealed class SamlDocumentScan
{
    // The ID spellings SignedXml's default resolver accepts, plus SAML 1.1's AssertionID.
    private static readonly string[] IdNames = ["ID", "Id", "id", "AssertionID"];

    private readonly Dictionary<string, XmlElement> _ids = new(StringComparer.Ordinal);

    /// <summary>Every ds:Signature element in the scanned nodes.</summary>
    public List<XmlElement> Signatures { get; } = [];

    /// <summary>Every saml:Assertion or saml:EncryptedAssertion element in the scanned nodes.</summary>
    public List<XmlElement> Assertions { get; } = [];

    /// <summary>The element whose ID attribute has this value (values are unique across all spellings).</summary>
    public XmlElement? Find(string id) => _ids.GetValueOrDefault(id);

    /// <summary>Adds a subtree; false when it is too deep, holds a processing instruction or entity, or repeats an ID.</summary>
    public bool Add(XmlNode root, int rootDepth)
    {
        var stack = new Stack<(XmlNode Node, int Depth)>();
        stack.Push((root, rootDepth));
        while (stack.Count > 0)
        {
            var (node, depth) = stack.Pop();
            if (depth > SamlXml.MaxDepth || node is XmlProcessingInstruction or XmlEntityReference or XmlDocumentType)
            {
                return false;
            }

            if (node is XmlElement element && !Index(element))
            {
                return false;
            }

            for (var child = node.FirstChild; child is not null; child = child.NextSibling)
            {
                stack.Push((child, depth + 1));
            }
        }

        return true;
    }

    private bool Index(XmlElement element)
    {
        if (SamlXml.Is(element, SamlNames.DSig, "Signature"))
        {
            Signatures.Add(element);
        }
        else if (SamlXml.Is(element, SamlNames.Assertion, "Assertion") || SamlXml.Is(element, SamlNames.Assertion, "EncryptedAssertion"))
        {
            Assertions.Add(element);
        }

        var idCount = 0;
        foreach (XmlAttribute attribute in element.Attributes)
        {
            if (!IsIdName(attribute.LocalName))
            {
                continue;
            }

            // Attribute pollution (PortSwigger 2025): samlp:ID next to ID must not resolve differently in two places.
            if (attribute.NamespaceURI.Length != 0 || ++idCount > 1 || !_ids.TryAdd(attribute.Value, element))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsIdName(string localName) =>
        Array.Exists(IdNames, name => string.Equals(name, localName, StringComparison.Ordinal));
}
