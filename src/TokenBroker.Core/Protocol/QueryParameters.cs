using System.Text;
using TokenBroker.Core.Errors;

namespace TokenBroker.Core.Protocol;

/// <summary>
/// The parameters of one Query-protocol request (form body and query string together), decoded strictly:
/// malformed percent escapes, invalid UTF-8 and repeated names are errors, never guesses.
/// </summary>
public sealed class QueryParameters
{
    private readonly Dictionary<string, string> _values;

    private QueryParameters(Dictionary<string, string> values) => _values = values;

    /// <summary>Number of distinct parameters.</summary>
    public int Count => _values.Count;

    /// <summary>All parameter names.</summary>
    public IEnumerable<string> Names => _values.Keys;

    /// <summary>The value of a parameter, or null when absent. Names are case-sensitive, as AWS's are.</summary>
    public string? this[string name] => _values.TryGetValue(name, out var value) ? value : null;

    /// <summary>Parses one or more application/x-www-form-urlencoded sources into one parameter set.</summary>
    public static StsResult<QueryParameters> Parse(params ReadOnlySpan<string> sources)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var source in sources)
        {
            var error = ParseInto(source, values);
            if (error is not null)
            {
                return error;
            }
        }

        return new QueryParameters(values);
    }

    private static StsError? ParseInto(string source, Dictionary<string, string> values)
    {
        foreach (var range in source.AsSpan().Split('&'))
        {
            var pair = source.AsSpan(range);
            if (pair.IsEmpty)
            {
                continue;
            }

            var equals = pair.IndexOf('=');
            var rawName = equals < 0 ? pair : pair[..equals];
            var rawValue = equals < 0 ? [] : pair[(equals + 1)..];
            if (!TryDecode(rawName, out var name) || !TryDecode(rawValue, out var value))
            {
                return StsErrors.MalformedQueryString("The request contains a malformed percent-encoding or invalid UTF-8.");
            }

            if (name.Length == 0)
            {
                return StsErrors.MalformedQueryString("The request contains a parameter without a name.");
            }

            if (!values.TryAdd(name, value))
            {
                return StsErrors.MalformedQueryString($"The parameter {Printable(name)} appears more than once.");
            }
        }

        return null;
    }

    /// <summary>Decodes '+' as space and %XX escapes, then the bytes as strict UTF-8.</summary>
    private static bool TryDecode(ReadOnlySpan<char> raw, out string decoded)
    {
        decoded = "";
        if (raw.IsEmpty)
        {
            return true;
        }

        var bytes = raw.Length <= 512 ? stackalloc byte[raw.Length] : new byte[raw.Length];
        var count = 0;
        for (var i = 0; i < raw.Length; i++)
        {
            var c = raw[i];
            if (c == '%')
            {
                if (i + 2 >= raw.Length || !IsHex(raw[i + 1]) || !IsHex(raw[i + 2]))
                {
                    return false;
                }

                bytes[count++] = (byte)((HexValue(raw[i + 1]) << 4) | HexValue(raw[i + 2]));
                i += 2;
            }
            else if (c == '+')
            {
                bytes[count++] = (byte)' ';
            }
            else if (c < 0x80)
            {
                bytes[count++] = (byte)c;
            }
            else
            {
                // A form body is ASCII on the wire; a raw non-ASCII character means a broken client.
                return false;
            }
        }

        try
        {
            decoded = StrictUtf8.GetString(bytes[..count]);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static bool IsHex(char c) => char.IsAsciiHexDigit(c);

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;

    private static string Printable(string name) => name.Length <= 64 ? name : name[..64] + "…";
}
