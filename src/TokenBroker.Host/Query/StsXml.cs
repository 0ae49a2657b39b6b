using System.Globalization;
using System.Text;
using System.Xml;
using TokenBroker.Core.Errors;

namespace TokenBroker.Host.Query;

/// <summary>Writes STS Query-protocol XML: <c>{Action}Response/{Action}Result</c> + <c>ResponseMetadata</c>, and <c>ErrorResponse</c>.</summary>
internal static class StsXml
{
    /// <summary>The STS response namespace.</summary>
    public const string Namespace = "https://sts.amazonaws.com/doc/2011-06-15/";

    private static readonly XmlWriterSettings Settings = new()
    {
        Encoding = new UTF8Encoding(false),
        OmitXmlDeclaration = false,
        Indent = false,
    };

    /// <summary>Renders a successful response; <paramref name="writeResult"/> writes the children of the Result element.</summary>
    public static XmlBody Success(string action, string requestId, Action<XmlWriter> writeResult, string ns = Namespace, bool hasResult = true) =>
        RenderBody(xml =>
        {
            xml.WriteStartElement(action + "Response", ns);
            if (hasResult)
            {
                xml.WriteStartElement(action + "Result", ns);
                writeResult(xml);
                xml.WriteEndElement();
            }

            xml.WriteStartElement("ResponseMetadata", ns);
            xml.WriteElementString("RequestId", ns, requestId);
            xml.WriteEndElement();
            xml.WriteEndElement();
        });

    /// <summary>Renders an error as <c>ErrorResponse/Error{Type,Code,Message}</c> + <c>RequestId</c>.</summary>
    public static byte[] Error(StsError error, string requestId, string ns = Namespace) =>
        Render(xml =>
        {
            xml.WriteStartElement("ErrorResponse", ns);
            xml.WriteStartElement("Error", ns);
            xml.WriteElementString("Type", ns, error.Type);
            xml.WriteElementString("Code", ns, error.Code);
            xml.WriteElementString("Message", ns, XmlSafe(error.Message));
            xml.WriteEndElement();
            xml.WriteElementString("RequestId", ns, requestId);
            xml.WriteEndElement();
        });

    // The plain writer renders almost every response without the framework writer's buffers; whatever it does not
    // write (non-ASCII text, another namespace) is rendered again by the framework writer, the reference for the bytes.
    private static byte[] Render(Action<XmlWriter> write)
    {
        using var body = RenderBody(write);
        return body.Memory.ToArray();
    }

    private static XmlBody RenderBody(Action<XmlWriter> write)
    {
        using (var plain = new PlainXmlWriter())
        {
            write(plain);
            if (plain.IsComplete)
            {
                return plain.Detach();
            }
        }

        using var buffer = new MemoryStream();
        using (var xml = XmlWriter.Create(buffer, Settings))
        {
            write(xml);
        }

        var bytes = buffer.ToArray();
        return new XmlBody(bytes, bytes.Length, pooled: false);
    }

    /// <summary>Writes an element unless the value is null (optional members are omitted, as AWS omits them).</summary>
    public static void Optional(this XmlWriter xml, string name, string? value)
    {
        if (value is not null)
        {
            xml.WriteElementString(name, Namespace, XmlSafe(value));
        }
    }

    /// <summary>Writes a required element.</summary>
    public static void Element(this XmlWriter xml, string name, string value) =>
        xml.WriteElementString(name, Namespace, XmlSafe(value));

    /// <summary>AWS timestamps: ISO 8601 in UTC with a Z.</summary>
    public static string Timestamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Drops characters XML 1.0 cannot carry (an echoed parameter may contain them).</summary>
    private static string XmlSafe(string text)
    {
        if (!text.AsSpan().ContainsAnyExceptInRange(' ', '~'))
        {
            return text;
        }

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
