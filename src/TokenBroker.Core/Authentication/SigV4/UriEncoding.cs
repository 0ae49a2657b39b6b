using System.Text;

namespace TokenBroker.Core.Authentication.SigV4;

/// <summary>
/// SigV4 URI encoding: every byte except the RFC 3986 unreserved characters A-Z a-z 0-9 - _ . ~ becomes %XX with
/// uppercase hex (AWS General Reference, "Create a canonical request").
/// </summary>
internal static class UriEncoding
{
    public static bool IsUnreserved(byte value) =>
        char.IsAsciiLetterOrDigit((char)value) || value is (byte)'-' or (byte)'_' or (byte)'.' or (byte)'~';

    /// <summary>
    /// Writes a raw query component in canonical form: valid %XX escapes are decoded and re-encoded, other characters
    /// are encoded from their UTF-8 bytes, so "%7e", "~" and "%7E" all become "~" and "+" stays a literal "%2B".
    /// </summary>
    public static void WriteNormalized(ref ByteWriter writer, ReadOnlySpan<char> raw)
    {
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] == '%' && IsHexPair(raw, i + 1))
            {
                WriteByte(ref writer, (byte)((HexValue(raw[i + 1]) << 4) | HexValue(raw[i + 2])));
                i += 2;
                continue;
            }

            var length = char.IsHighSurrogate(raw[i]) && i + 1 < raw.Length && char.IsLowSurrogate(raw[i + 1])
                ? Encoding.UTF8.GetBytes(raw.Slice(i++, 2), utf8)
                : Encoding.UTF8.GetBytes(raw.Slice(i, 1), utf8);
            foreach (var b in utf8[..length])
            {
                WriteByte(ref writer, b);
            }
        }
    }

    /// <summary>The normalized form of a raw query component as a string, for sorting.</summary>
    public static string Normalize(ReadOnlySpan<char> raw)
    {
        if (IsAlreadyCanonical(raw))
        {
            return raw.ToString();
        }

        var writer = new ByteWriter(raw.Length * 3 + 4);
        try
        {
            WriteNormalized(ref writer, raw);
            return Encoding.ASCII.GetString(writer.Written);
        }
        finally
        {
            writer.Dispose();
        }
    }

    /// <summary>Writes one already-percent-encoded path segment encoded again, as SigV4 requires for every service but S3.</summary>
    public static void WriteEncodedTwice(ref ByteWriter writer, ReadOnlySpan<char> rawSegment)
    {
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < rawSegment.Length; i++)
        {
            var length = char.IsHighSurrogate(rawSegment[i]) && i + 1 < rawSegment.Length && char.IsLowSurrogate(rawSegment[i + 1])
                ? Encoding.UTF8.GetBytes(rawSegment.Slice(i++, 2), utf8)
                : Encoding.UTF8.GetBytes(rawSegment.Slice(i, 1), utf8);
            foreach (var b in utf8[..length])
            {
                WriteByte(ref writer, b);
            }
        }
    }

    private static void WriteByte(ref ByteWriter writer, byte value)
    {
        if (IsUnreserved(value))
        {
            writer.Append(value);
        }
        else
        {
            writer.AppendPercentEncoded(value);
        }
    }

    private static bool IsAlreadyCanonical(ReadOnlySpan<char> raw)
    {
        foreach (var c in raw)
        {
            if (c > 0x7F || !IsUnreserved((byte)c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsHexPair(ReadOnlySpan<char> raw, int start) =>
        start + 1 < raw.Length && char.IsAsciiHexDigit(raw[start]) && char.IsAsciiHexDigit(raw[start + 1]);

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}
