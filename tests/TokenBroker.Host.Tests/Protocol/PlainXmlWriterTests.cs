using System.Text;
using System.Xml;
using TokenBroker.Host.Query;

namespace TokenBroker.Host.Tests.Protocol;

/// <summary>
/// The plain writer that renders common responses must produce exactly the framework XmlWriter's bytes, and must give
/// up (so the framework writer renders the response) on anything it does not write the same way.
/// </summary>
public class PlainXmlWriterTests
{
    private const string Ns = StsXml.Namespace;

    public static TheoryData<string> Texts => new()
    {
        "",
        "arn:aws:iam::111111111111:role/load",
        "a&b<c>d\"e'f]]>g",
        "&&<<>>",
        "<start and end>",
        "&",
        new string(Enumerable.Range(' ', '~' - ' ' + 1).Select(c => (char)c).ToArray()),
        "FwoGZXIvYXdzEJr//////////wEaDM+/=",
    };

    [Theory]
    [MemberData(nameof(Texts))]
    public void Render_PrintableAsciiText_SameBytesAsFrameworkWriter(string text)
    {
        void Write(XmlWriter xml)
        {
            xml.WriteStartElement("AssumeRoleResponse", Ns);
            xml.WriteStartElement("AssumeRoleResult", Ns);
            xml.WriteElementString("Value", Ns, text);
            xml.WriteStartElement("Credentials", Ns);
            xml.WriteElementString("Empty", Ns, "");
            xml.WriteStartElement("Open", Ns);
            xml.WriteFullEndElement();
            xml.WriteEndElement();
            xml.WriteEndElement();
            xml.WriteEndElement();
        }

        using var plain = new PlainXmlWriter();
        Write(plain);

        Assert.True(plain.IsComplete);
        using var body = plain.Detach();
        Assert.Equal(Encoding.UTF8.GetString(Framework(Write)), Encoding.UTF8.GetString(body.Memory.Span));
    }

    [Theory]
    [InlineData("caf\u00e9")]
    [InlineData("line\nbreak")]
    [InlineData("tab\there")]
    [InlineData("\ud83d\ude00")]
    public void Render_TextOutsidePrintableAscii_GivesUp(string text)
    {
        using var plain = new PlainXmlWriter();

        plain.WriteStartElement("R", Ns);
        plain.WriteElementString("V", Ns, text);
        plain.WriteEndElement();

        Assert.True(plain.Unsupported);
        Assert.False(plain.IsComplete);
    }

    [Fact]
    public void Render_ChildInAnotherNamespace_GivesUp()
    {
        using var plain = new PlainXmlWriter();

        plain.WriteStartElement("ListUsersResponse", "https://iam.amazonaws.com/doc/2010-05-08/");
        plain.WriteElementString("Arn", Ns, "x");
        plain.WriteEndElement();

        Assert.False(plain.IsComplete);
    }

    [Fact]
    public void Render_Attribute_GivesUp()
    {
        using var plain = new PlainXmlWriter();

        plain.WriteStartElement("R", Ns);
        plain.WriteAttributeString("a", "b");
        plain.WriteEndElement();

        Assert.False(plain.IsComplete);
    }

    [Fact]
    public void Success_NonAsciiSessionName_RenderedByFrameworkWriter()
    {
        const string arn = "arn:aws:sts::111111111111:assumed-role/r/caf\u00e9";

        var xml = RenderedXml.Success("GetCallerIdentity", "r1", w => w.Element("Arn", arn));

        Assert.Equal(
            Framework(w =>
            {
                w.WriteStartElement("GetCallerIdentityResponse", Ns);
                w.WriteStartElement("GetCallerIdentityResult", Ns);
                w.WriteElementString("Arn", Ns, arn);
                w.WriteEndElement();
                w.WriteStartElement("ResponseMetadata", Ns);
                w.WriteElementString("RequestId", Ns, "r1");
                w.WriteEndElement();
                w.WriteEndElement();
            }),
            xml);
    }

    private static byte[] Framework(Action<XmlWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var xml = XmlWriter.Create(buffer, new XmlWriterSettings { Encoding = new UTF8Encoding(false), OmitXmlDeclaration = false, Indent = false }))
        {
            write(xml);
        }

        return buffer.ToArray();
    }
}
