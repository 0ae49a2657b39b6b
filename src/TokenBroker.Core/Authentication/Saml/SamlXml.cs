using System.Globalization;
using System.Xml;

namespace TokenBroker.Core.Authentication.Saml;

/// <summary>
/// The one safe XML parse and the strict readers used on its result: no DTD, no resolver, bounded size, and text that
/// is read only when it is made of text nodes (no comments or elements that could truncate it).
/// </summary>
internal static class SamlXml
{
    /// <summary>Deeper than any SAML response; bounds the recursion of canonicalization and our own walk.</summary>
    public const int MaxDepth = 32;

    /// <summary>Loads XML once; null when it is not well-formed, has a DOCTYPE, or exceeds the size cap.</summary>
    public static XmlDocument? Load(byte[] bytes, long maxCharacters)
    {
        // federation.md §2.4 step 2: DtdProcessing.Prohibit and no resolver stop XXE and entity expansion at the parser.
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersInDocument = maxCharacters,
            MaxCharactersFromEntities = 1024,
            IgnoreComments = false,
            IgnoreProcessingInstructions = false,
            IgnoreWhitespace = false,
            CloseInput = true,
        };
        var document = new XmlDocument { PreserveWhitespace = true, XmlResolver = null };
        try
        {
            using var reader = XmlReader.Create(new MemoryStream(bytes, writable: false), settings);
            document.Load(reader);
            return document;
        }
        catch (XmlException)
        {
            return null;
        }
    }

    /// <summary>Whether the element has this namespace and local name.</summary>
    public static bool Is(XmlNode? node, string ns, string localName) =>
        node is XmlElement e
        && string.Equals(e.LocalName, localName, StringComparison.Ordinal)
        && string.Equals(e.NamespaceURI, ns, StringComparison.Ordinal);

    /// <summary>The element children, or null when a non-whitespace text, comment or processing instruction sits between them.</summary>
    public static List<XmlElement>? Children(XmlElement parent)
    {
        var children = new List<XmlElement>();
        for (var node = parent.FirstChild; node is not null; node = node.NextSibling)
        {
            switch (node)
            {
                case XmlElement element:
                    children.Add(element);
                    break;
                case XmlWhitespace or XmlSignificantWhitespace:
                    break;
                default:
                    return null;
            }
        }

        return children;
    }

    /// <summary>
    /// The element's text when every child is a text or CDATA node; null otherwise. Rejecting comments (rather than
    /// joining around them) closes the comment-injection class (Duo 2018, CVE-2017-11427 and siblings): a value is
    /// either exactly what the IdP signed or nothing.
    /// </summary>
    public static string? Text(XmlElement element)
    {
        var first = element.FirstChild;
        if (first is null)
        {
            return "";
        }

        if (first.NextSibling is null && first is XmlText or XmlWhitespace or XmlSignificantWhitespace or XmlCDataSection)
        {
            return first.Value;
        }

        var builder = new System.Text.StringBuilder();
        for (var node = first; node is not null; node = node.NextSibling)
        {
            if (node is not (XmlText or XmlWhitespace or XmlSignificantWhitespace or XmlCDataSection))
            {
                return null;
            }

            builder.Append(node.Value);
        }

        return builder.ToString();
    }

    /// <summary>Trimmed text of an identifier-like element (xs:anyURI, xs:string with collapse), or null.</summary>
    public static string? TrimmedText(XmlElement element) => Text(element)?.Trim(' ', '\t', '\r', '\n');

    /// <summary>An attribute without namespace, or null when absent.</summary>
    public static string? Attribute(XmlElement element, string name) =>
        element.GetAttributeNode(name) is { } attribute ? attribute.Value : null;

    /// <summary>Parses an xs:dateTime in UTC ('Z'), as SAML Core §1.3.3 requires; null when malformed.</summary>
    public static DateTimeOffset? Instant(string? text)
    {
        if (text is null || !text.EndsWith('Z'))
        {
            return null;
        }

        return DateTimeOffset.TryParseExact(
            text, ["yyyy-MM-dd'T'HH:mm:ss'Z'", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'"], CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var instant)
            ? instant
            : null;
    }
}
