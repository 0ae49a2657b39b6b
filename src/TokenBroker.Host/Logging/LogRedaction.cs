using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace TokenBroker.Host.Logging;

/// <summary>
/// Replaces bearer material in log text with <c>***</c>: the value of every parameter, header, cookie or field whose
/// name carries a signature, credential, token, assertion, MFA code, password or secret (any case, percent-encoded or
/// not, written name=value, name: value or "name":"value"), every JSON web token, and every long run of base64 or hex.
/// </summary>
internal static partial class LogRedaction
{
    /// <summary>What a redacted value is replaced with.</summary>
    public const string Mask = "***";

    // Compared after lower-casing and dropping '-', '_' and '.': x-amz-security-token, X-Amz-Signature, id_token, ...
    private static readonly string[] SensitiveEndings =
    [
        "token", "signature", "credential", "credentials", "secret", "secretaccesskey", "password", "assertion",
        "authorization", "cookie", "tokencode", "samlresponse", "samlrequest", "seed", "privatekey", "apikey",
    ];

    private static readonly string[] SensitiveNames = ["state", "relaystate", "authenticationcode1", "authenticationcode2", "tokenbrokersaml"];

    /// <summary>Whether a parameter, header or field of this name carries bearer material.</summary>
    public static bool IsSensitiveName(string name) => IsSensitiveNormalized(Normalize(name));

    /// <summary>The text with every sensitive value masked; the same instance when nothing was masked.</summary>
    public static string Redact(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text ?? "";
        }

        var named = RedactNamedValues(text);
        var tokens = JsonWebToken().Replace(named, Mask);
        return LongRun().Replace(tokens, Mask);
    }

    private static string RedactNamedValues(string text)
    {
        StringBuilder? output = null;
        var copied = 0;
        var i = 0;
        while (i < text.Length)
        {
            // Names are consumed whole, so a name starts wherever the scan meets a name character.
            var decoded = Decoded(text, i);
            var startsName = decoded is { } character ? IsPlainNameChar(character) : IsPlainNameChar(text[i]);
            if (!startsName)
            {
                i += decoded is null ? 1 : 3;
                continue;
            }

            var nameEnd = NameEnd(text, i, out var normalized);
            var value = IsSensitiveNormalized(normalized) ? ValueSpan(text, nameEnd) : null;
            if (value is not { } span || span.End <= span.Start)
            {
                i = nameEnd;
                continue;
            }

            output ??= new StringBuilder(text.Length);
            output.Append(text, copied, span.Start - copied).Append(Mask);
            copied = span.End;
            i = span.End;
        }

        return output is null ? text : output.Append(text, copied, text.Length - copied).ToString();
    }

    // The end of the name that starts at 'start' (letters, digits, '-', '_', '.', and those percent-encoded), and its
    // normalized form.
    private static int NameEnd(string text, int start, out string normalized)
    {
        var name = new StringBuilder();
        var i = start;
        while (i < text.Length)
        {
            if (IsPlainNameChar(text[i]))
            {
                name.Append(text[i]);
                i++;
            }
            else if (Decoded(text, i) is { } decoded && IsPlainNameChar(decoded))
            {
                name.Append(decoded);
                i += 3;
            }
            else
            {
                break;
            }
        }

        normalized = Normalize(name.ToString());
        return i;
    }

    // Where the value after a sensitive name lies: name=value (query, form, SigV4 Authorization parts), name: value
    // (a header line, to its end), "name":"value" (JSON). Null when the name is not followed by a value.
    private static (int Start, int End)? ValueSpan(string text, int i)
    {
        if (i < text.Length && text[i] is '"' or '\'')
        {
            i++;
        }

        var afterName = i;
        while (i < text.Length && text[i] is ' ' or '\t')
        {
            i++;
        }

        var separator = i < text.Length ? text[i] : '\0';
        var length = 1;
        if (Decoded(text, i) is { } decoded and ('=' or ':'))
        {
            separator = decoded;
            length = 3;
        }

        if (separator is not ('=' or ':'))
        {
            return i > afterName ? SpacedValue(text, i) : null;
        }

        var start = i + length;
        if (separator == ':')
        {
            while (start < text.Length && text[start] is ' ' or '\t')
            {
                start++;
            }
        }

        if (start < text.Length && text[start] is '"' or '\'')
        {
            var quote = text[start];
            var close = start + 1;
            while (close < text.Length && (text[close] != quote || text[close - 1] == '\\'))
            {
                close++;
            }

            return (start + 1, close);
        }

        var end = start;
        while (end < text.Length && !EndsValue(text, end, separator))
        {
            end++;
        }

        return (start, end);
    }

    // "Name value" with the separator missing, as a malformed header line that Kestrel quotes in its diagnostics: a
    // word of eight characters or more after the name is taken for a value (a shorter one, "failed", is prose).
    private static (int Start, int End)? SpacedValue(string text, int start)
    {
        var end = start;
        while (end < text.Length && !char.IsWhiteSpace(text[end]) && text[end] is not ('"' or '\''))
        {
            end++;
        }

        return end - start >= 8 ? (start, end) : null;
    }

    // A header value runs to the end of its line; a parameter value to the next separator, encoded '&' included.
    private static bool EndsValue(string text, int i, char separator) => separator == ':'
        ? text[i] is '\r' or '\n'
        : text[i] is '&' or ';' or ',' or ' ' or '\t' or '\r' or '\n' or '"' or '\'' or '<' or '>' or ')' or ']' or '}' or '#' or '\\'
            || Decoded(text, i) is '&' or ';' or ',' or ' ' or '"';

    private static bool IsPlainNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.';

    private static char? Decoded(string text, int i) =>
        i + 2 < text.Length && text[i] == '%'
            && byte.TryParse(text.AsSpan(i + 1, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value)
            && value < 0x80
            ? (char)value
            : null;

    private static string Normalize(string name)
    {
        var normalized = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            if (c is not ('-' or '_' or '.'))
            {
                normalized.Append(char.ToLowerInvariant(c));
            }
        }

        return normalized.ToString();
    }

    private static bool IsSensitiveNormalized(string normalized) =>
        normalized.Length > 0
        && (SensitiveNames.Contains(normalized, StringComparer.Ordinal)
            || SensitiveEndings.Any(ending => normalized.EndsWith(ending, StringComparison.Ordinal)));

    // header.payload.signature, base64url (RFC 7519 §3): a web identity token, wherever it appears.
    // Non-backtracking: linear in the text whatever it holds (a query string of "eyJeyJ…" would otherwise cost n² steps).
    [GeneratedRegex(@"eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex JsonWebToken();

    // 64 or more base64 or hex characters in a row: a session token, an assertion, a signature, a key; no log message
    // of ours or of ASP.NET Core holds such a run otherwise.
    [GeneratedRegex(@"[A-Za-z0-9+/_-]{64,}", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex LongRun();
}
