using System.Globalization;
using System.Xml;
using TokenBroker.Core.Iam;

namespace TokenBroker.Host.Iam;

/// <summary>Writes IAM Query-protocol XML members in IAM's namespace; the envelope is StsXml's with this namespace.</summary>
internal static class IamXml
{
    /// <summary>The IAM response namespace.</summary>
    public const string Namespace = "https://iam.amazonaws.com/doc/2010-05-08/";

    /// <summary>Writes a required element.</summary>
    public static void Text(this XmlWriter xml, string name, string value) =>
        xml.WriteElementString(name, Namespace, XmlSafe(value));

    /// <summary>Writes an element unless the value is null (optional members are omitted, as AWS omits them).</summary>
    public static void OptionalText(this XmlWriter xml, string name, string? value)
    {
        if (value is not null)
        {
            xml.Text(name, value);
        }
    }

    /// <summary>Writes a boolean as AWS does: true or false.</summary>
    public static void Flag(this XmlWriter xml, string name, bool value) => xml.Text(name, value ? "true" : "false");

    /// <summary>Writes an integer.</summary>
    public static void Number(this XmlWriter xml, string name, int value) => xml.Text(name, value.ToString(CultureInfo.InvariantCulture));

    /// <summary>Writes a timestamp as AWS does: ISO 8601 in UTC with a Z.</summary>
    public static void Time(this XmlWriter xml, string name, DateTimeOffset time) =>
        xml.Text(name, time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));

    /// <summary>Writes an element with children.</summary>
    public static void Structure(this XmlWriter xml, string name, Action write)
    {
        xml.WriteStartElement(name, Namespace);
        write();
        xml.WriteEndElement();
    }

    /// <summary>Writes a list as <c>&lt;name&gt;&lt;member&gt;…&lt;/member&gt;…&lt;/name&gt;</c>.</summary>
    public static void List<T>(this XmlWriter xml, string name, IEnumerable<T> items, Action<XmlWriter, T> writeMember)
    {
        xml.WriteStartElement(name, Namespace);
        foreach (var item in items)
        {
            xml.WriteStartElement("member", Namespace);
            writeMember(xml, item);
            xml.WriteEndElement();
        }

        xml.WriteEndElement();
    }

    /// <summary>Writes a list of strings.</summary>
    public static void Strings(this XmlWriter xml, string name, IEnumerable<string> items) =>
        xml.List(name, items, (x, item) => x.WriteString(XmlSafe(item)));

    /// <summary>Writes a page: the list, IsTruncated and (only when truncated) Marker, as every IAM List result ends.</summary>
    public static void Page<T>(this XmlWriter xml, string name, IamPage<T> page, Action<XmlWriter, T> writeMember)
    {
        xml.List(name, page.Items, writeMember);
        xml.Flag("IsTruncated", page.IsTruncated);
        xml.OptionalText("Marker", page.Marker);
    }

    /// <summary>
    /// A policy document as IAM returns it: URL-encoded per RFC 3986 (GetRole, GetRolePolicy, GetPolicyVersion, …), which
    /// clients decode with urllib's unquote or Go's url.QueryUnescape.
    /// </summary>
    public static string EncodedDocument(string document) => Uri.EscapeDataString(document);

    private static string XmlSafe(string text)
    {
        foreach (var c in text)
        {
            if (!XmlConvert.IsXmlChar(c) && !char.IsSurrogate(c))
            {
                return string.Concat(text.Where(ch => XmlConvert.IsXmlChar(ch) || char.IsSurrogate(ch)));
            }
        }

        return text;
    }
}
