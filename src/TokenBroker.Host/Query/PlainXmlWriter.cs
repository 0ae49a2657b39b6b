using System.Buffers;
using System.Text;
using System.Xml;

namespace TokenBroker.Host.Query;

/// <summary>
/// The XmlWriter of the common response: elements in one default namespace holding printable ASCII text, written as
/// the framework's writer writes them (same declaration, escapes and empty-element form) into a pooled buffer, without
/// the framework writer's per-response buffers. Anything else (another namespace, a prefix, an attribute, text outside
/// printable ASCII) marks it <see cref="Unsupported"/> and the caller renders the response with the framework's
/// writer instead, so the bytes never differ from what that writer produces.
/// </summary>
internal sealed class PlainXmlWriter : XmlWriter
{
    private const string Declaration = "<?xml version=\"1.0\" encoding=\"utf-8\"?>";

    // Printable ASCII that text content carries as is: everything from space to tilde but the three escaped characters.
    private static readonly SearchValues<char> PlainText = SearchValues.Create(
        " !\"#$%'()*+,-./0123456789:;=?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~");

    private readonly Stack<string> _open = new();
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(4096);
    private int _length;
    private string? _namespace;
    private bool _startTagOpen;
    private bool _closed;
    private bool _rootEnded;

    public PlainXmlWriter() => Append(Declaration);

    /// <summary>Whether something was asked that this writer does not write; its output is then incomplete.</summary>
    public bool Unsupported { get; private set; }

    /// <summary>Whether a whole document was written: one root element, ended, and nothing unsupported.</summary>
    public bool IsComplete => !Unsupported && _rootEnded;

    public override WriteState WriteState => _closed ? WriteState.Closed : _open.Count == 0 ? WriteState.Prolog : WriteState.Element;

    /// <summary>Hands the document over in this writer's pooled buffer, which the body then owns.</summary>
    public XmlBody Detach()
    {
        var body = new XmlBody(_buffer, _length, pooled: true);
        _buffer = [];
        _length = 0;
        _closed = true;
        return body;
    }

    public override void WriteStartElement(string? prefix, string localName, string? ns)
    {
        if (Unsupported || _rootEnded || !string.IsNullOrEmpty(prefix) || !IsPlainName(localName))
        {
            Unsupported = true;
            return;
        }

        CloseStartTag();
        Append('<');
        Append(localName);
        if (_open.Count == 0)
        {
            if (string.IsNullOrEmpty(ns) || !IsPlainAttributeValue(ns))
            {
                Unsupported = true;
                return;
            }

            _namespace = ns;
            Append(" xmlns=\"");
            Append(ns);
            Append('"');
        }
        else if (ns is not null && !string.Equals(ns, _namespace, StringComparison.Ordinal))
        {
            Unsupported = true;
            return;
        }

        _open.Push(localName);
        _startTagOpen = true;
    }

    public override void WriteEndElement() => End(full: false);

    public override void WriteFullEndElement() => End(full: true);

    public override void WriteString(string? text)
    {
        if (Unsupported || _open.Count == 0 || text is null)
        {
            Unsupported |= _open.Count == 0;
            return;
        }

        CloseStartTag();
        var rest = text.AsSpan();
        while (!rest.IsEmpty)
        {
            // Runs of plain characters are copied at once; only the three that need escaping are looked at one by one.
            var plain = rest.IndexOfAnyExcept(PlainText);
            if (plain < 0)
            {
                Append(rest);
                return;
            }

            Append(rest[..plain]);
            switch (rest[plain])
            {
                case '&':
                    Append("&amp;");
                    break;
                case '<':
                    Append("&lt;");
                    break;
                case '>':
                    Append("&gt;");
                    break;
                default:
                    Unsupported = true;
                    return;
            }

            rest = rest[(plain + 1)..];
        }
    }

    public override void Flush()
    {
    }

    public override string? LookupPrefix(string ns) => string.Equals(ns, _namespace, StringComparison.Ordinal) ? "" : null;

    public override void WriteStartDocument() => Unsupported = true;

    public override void WriteStartDocument(bool standalone) => Unsupported = true;

    public override void WriteEndDocument() => Unsupported = true;

    public override void WriteDocType(string name, string? pubid, string? sysid, string? subset) => Unsupported = true;

    public override void WriteStartAttribute(string? prefix, string localName, string? ns) => Unsupported = true;

    public override void WriteEndAttribute() => Unsupported = true;

    public override void WriteCData(string? text) => Unsupported = true;

    public override void WriteComment(string? text) => Unsupported = true;

    public override void WriteProcessingInstruction(string name, string? text) => Unsupported = true;

    public override void WriteEntityRef(string name) => Unsupported = true;

    public override void WriteCharEntity(char ch) => Unsupported = true;

    public override void WriteWhitespace(string? ws) => Unsupported = true;

    public override void WriteSurrogateCharEntity(char lowChar, char highChar) => Unsupported = true;

    public override void WriteChars(char[] buffer, int index, int count) => Unsupported = true;

    public override void WriteRaw(char[] buffer, int index, int count) => Unsupported = true;

    public override void WriteRaw(string data) => Unsupported = true;

    public override void WriteBase64(byte[] buffer, int index, int count) => Unsupported = true;

    protected override void Dispose(bool disposing)
    {
        if (!_closed)
        {
            _closed = true;
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }

        base.Dispose(disposing);
    }

    // Element names here are the table's constants; anything unusual goes to the framework writer, which checks it.
    private static bool IsPlainName(string name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c))
            {
                return false;
            }
        }

        return char.IsAsciiLetter(name[0]);
    }

    private static bool IsPlainAttributeValue(string value)
    {
        foreach (var c in value)
        {
            if (c is < ' ' or > '~' or '"' or '&' or '<' or '>')
            {
                return false;
            }
        }

        return true;
    }

    private void End(bool full)
    {
        if (Unsupported || _open.Count == 0)
        {
            Unsupported = true;
            return;
        }

        var name = _open.Pop();
        _rootEnded = _open.Count == 0;
        if (_startTagOpen && !full)
        {
            // The framework writer closes an element without content as <Name />.
            Append(" />");
            _startTagOpen = false;
            return;
        }

        CloseStartTag();
        Append("</");
        Append(name);
        Append('>');
    }

    private void CloseStartTag()
    {
        if (_startTagOpen)
        {
            Append('>');
            _startTagOpen = false;
        }
    }

    private void Append(string text) => Append(text.AsSpan());

    private void Append(ReadOnlySpan<char> text)
    {
        Reserve(text.Length);
        _length += Encoding.ASCII.GetBytes(text, _buffer.AsSpan(_length));
    }

    private void Append(char c)
    {
        Reserve(1);
        _buffer[_length++] = (byte)c;
    }

    private void Reserve(int count)
    {
        if (_length + count <= _buffer.Length)
        {
            return;
        }

        var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + count));
        _buffer.AsSpan(0, _length).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = larger;
    }
}
