using System.Buffers.Text;

namespace TokenBroker.Core.Authentication.WebIdentity;

/// <summary>
/// Strict base64url (RFC 7515 §2, RFC 4648 §5): URL-safe alphabet only, no padding, no whitespace and zero unused
/// trailing bits, so each byte string has exactly one accepted encoding.
/// </summary>
public static class Base64UrlStrict
{
    /// <summary>Decodes or returns null when the text is not canonical base64url.</summary>
    public static byte[]? Decode(ReadOnlySpan<char> text)
    {
        if (text.Length % 4 == 1)
        {
            return null;
        }

        foreach (var c in text)
        {
            if (!IsAlphabet(c))
            {
                return null;
            }
        }

        if (text.Length > 0 && !HasZeroTrailingBits(text))
        {
            return null;
        }

        var bytes = new byte[Base64Url.GetMaxDecodedLength(text.Length)];
        return Base64Url.TryDecodeFromChars(text, bytes, out var written) && written == bytes.Length ? bytes : null;
    }

    private static bool IsAlphabet(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_';

    private static bool HasZeroTrailingBits(ReadOnlySpan<char> text)
    {
        var last = Value(text[^1]);
        return (text.Length % 4) switch
        {
            2 => (last & 0x0F) == 0,
            3 => (last & 0x03) == 0,
            _ => true,
        };
    }

    private static int Value(char c) => c switch
    {
        >= 'A' and <= 'Z' => c - 'A',
        >= 'a' and <= 'z' => c - 'a' + 26,
        >= '0' and <= '9' => c - '0' + 52,
        '-' => 62,
        _ => 63,
    };
}
