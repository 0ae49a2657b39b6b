using System.Globalization;

namespace TokenBroker.Core.Protocol;

/// <summary>
/// The character-class patterns of the STS model (botocore sts/2011-06-15), matched per character without building
/// a regex. <see cref="Text"/> is the pattern exactly as AWS prints it in ValidationError messages.
/// </summary>
public sealed class Pattern
{
    private readonly Func<string, int, int> _matchAt;

    private Pattern(string text, Func<string, int, int> matchAt)
    {
        Text = text;
        _matchAt = matchAt;
    }

    /// <summary>The pattern as AWS prints it.</summary>
    public string Text { get; }

    /// <summary>IAM's serviceNamespaceType: <c>[\w-]*</c>.</summary>
    public static Pattern ServiceNamespace { get; } = Ascii(@"[\w-]*", "-");

    /// <summary>RoleSessionName, Name, SourceIdentity: <c>[\w+=,.@-]*</c> (\w is ASCII, as in Java regexes).</summary>
    public static Pattern SessionName { get; } = Ascii(@"[\w+=,.@-]*", "+=,.@-");

    /// <summary>ExternalId: <c>[\w+=,.@:\/-]*</c>.</summary>
    public static Pattern ExternalId { get; } = Ascii(@"[\w+=,.@:\/-]*", "+=,.@:/-");

    /// <summary>SerialNumber: <c>[\w+=/:,.@-]*</c>.</summary>
    public static Pattern SerialNumber { get; } = Ascii(@"[\w+=/:,.@-]*", "+=/:,.@-");

    /// <summary>TokenCode: <c>[\d]*</c>.</summary>
    public static Pattern TokenCode { get; } = new(@"[\d]*", static (s, i) => char.IsAsciiDigit(s[i]) ? 1 : 0);

    /// <summary>AccessKeyId: <c>[\w]*</c>.</summary>
    public static Pattern AccessKeyId { get; } = Ascii(@"[\w]*", "");

    /// <summary>ARNs: the model's <c>arnType</c> character set (any printable Unicode plus tab and newlines).</summary>
    public static Pattern Arn { get; } = new(
        @"[\u0009\u000A\u000D\u0020-\u007E\u0085\u00A0-\uD7FF\uE000-\uFFFD\u10000-\u10FFFF]+",
        static (s, i) => UnicodeText(s, i));

    /// <summary>Session policy documents: <c>[\u0009\u000A\u000D\u0020-\u00FF]+</c>.</summary>
    public static Pattern PolicyDocument { get; } = new(
        @"[\u0009\u000A\u000D\u0020-\u00FF]+",
        static (s, i) => s[i] is '\t' or '\n' or '\r' or (>= ' ' and <= '\u00FF') ? 1 : 0);

    /// <summary>Tag keys: <c>[\p{L}\p{Z}\p{N}_.:/=+\-@]+</c>.</summary>
    public static Pattern TagKey { get; } = new(@"[\p{L}\p{Z}\p{N}_.:/=+\-@]+", static (s, i) => TagCharacter(s, i));

    /// <summary>Tag values: <c>[\p{L}\p{Z}\p{N}_.:/=+\-@]*</c>.</summary>
    public static Pattern TagValue { get; } = new(@"[\p{L}\p{Z}\p{N}_.:/=+\-@]*", static (s, i) => TagCharacter(s, i));

    /// <summary>IAM user, group, role and policy names: <c>[\w+=,.@-]+</c>.</summary>
    public static Pattern IamName { get; } = Ascii(@"[\w+=,.@-]+", "+=,.@-");

    /// <summary>IAM PathPrefix: <c>\u002F[\u0021-\u007F]*</c> a slash, then printable ASCII.</summary>
    public static Pattern PathPrefix { get; } = new(
        @"\u002F[\u0021-\u007F]*", static (s, i) => (i == 0 ? s[i] == '/' : s[i] is >= '\u0021' and <= '\u007F') ? 1 : 0);

    /// <summary>IAM Marker: <c>[\u0020-\u00FF]+</c>.</summary>
    public static Pattern Marker { get; } = new(@"[\u0020-\u00FF]+", static (s, i) => s[i] is >= ' ' and <= '\u00FF' ? 1 : 0);

    /// <summary>True when every character of the value is in the pattern's class.</summary>
    public bool IsMatch(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        for (var i = 0; i < value.Length;)
        {
            var width = _matchAt(value, i);
            if (width == 0)
            {
                return false;
            }

            i += width;
        }

        return true;
    }

    private static Pattern Ascii(string text, string extra) =>
        new(text, (s, i) => char.IsAsciiLetterOrDigit(s[i]) || s[i] == '_' || extra.Contains(s[i], StringComparison.Ordinal) ? 1 : 0);

    private static int UnicodeText(string s, int i)
    {
        var c = s[i];
        if (char.IsHighSurrogate(c))
        {
            return i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]) ? 2 : 0;
        }

        return c is '\t' or '\n' or '\r' or (>= ' ' and <= '~') or '\u0085' or (>= '\u00A0' and <= '\uD7FF') or (>= '\uE000' and <= '\uFFFD') ? 1 : 0;
    }

    private static int TagCharacter(string s, int i)
    {
        if ("_.:/=+-@".Contains(s[i], StringComparison.Ordinal))
        {
            return 1;
        }

        var category = char.GetUnicodeCategory(s, i);
        var width = char.IsSurrogatePair(s, i) ? 2 : 1;
        return category switch
        {
            UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
                or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter
                or UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
                or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber => width,
            _ => 0,
        };
    }
}
