using System.Text;

namespace TokenBroker.Policy.Matching;

/// <summary>
/// Splits pattern text into segments at each <c>*</c> and tokenizes policy variables, numbering them in order: <c>${key}</c>,
/// <c>${key, 'default'}</c> and the escapes <c>${*}</c>, <c>${?}</c>, <c>${$}</c>
/// (IAM User Guide, reference_policies_variables, "Special characters" and "Specifying default values").
/// </summary>
internal static class PatternTokenizer
{
    public static PatternToken[][] Tokenize(string text, bool glob, bool variables, out int variableCount)
    {
        variableCount = 0;
        if (text.AsSpan().IndexOfAny(glob ? "*?$" : "$") < 0)
        {
            return text.Length == 0 ? [[]] : [[new PatternToken(PatternTokenKind.Literal, text, null)]];
        }

        var segments = new List<PatternToken[]>();
        var tokens = new List<PatternToken>();
        var literal = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (variables && c == '$' && i + 1 < text.Length && text[i + 1] == '{'
                && TryReadVariable(text, i, out var key, out var fallback, out var end))
            {
                i = end;
                if (key is "*" or "?" or "$")
                {
                    literal.Append(key);
                    continue;
                }

                Flush(literal, tokens);
                tokens.Add(new PatternToken(PatternTokenKind.Variable, key, fallback, variableCount));
                variableCount++;
            }
            else if (glob && c == '*')
            {
                Flush(literal, tokens);
                segments.Add([.. tokens]);
                tokens.Clear();
            }
            else if (glob && c == '?')
            {
                Flush(literal, tokens);
                tokens.Add(new PatternToken(PatternTokenKind.AnyChar, "?", null));
            }
            else
            {
                literal.Append(c);
            }
        }

        Flush(literal, tokens);
        segments.Add([.. tokens]);
        return [.. segments];
    }

    private static void Flush(StringBuilder literal, List<PatternToken> tokens)
    {
        if (literal.Length > 0)
        {
            tokens.Add(new PatternToken(PatternTokenKind.Literal, literal.ToString(), null));
            literal.Clear();
        }
    }

    private static bool TryReadVariable(string text, int start, out string key, out string? fallback, out int end)
    {
        key = string.Empty;
        fallback = null;
        end = start;
        var i = start + 2;
        var keyStart = i;
        while (i < text.Length && text[i] != '}' && text[i] != ',')
        {
            i++;
        }

        if (i >= text.Length)
        {
            return false;
        }

        key = text[keyStart..i].Trim();
        if (key.Length == 0)
        {
            return false;
        }

        if (text[i] == '}')
        {
            end = i;
            return true;
        }

        return TryReadDefault(text, i + 1, out fallback, out end);
    }

    private static bool TryReadDefault(string text, int start, out string? fallback, out int end)
    {
        fallback = null;
        end = start;
        var i = SkipSpaces(text, start);
        if (i >= text.Length || text[i] != '\'')
        {
            return false;
        }

        var close = text.IndexOf('\'', i + 1);
        if (close < 0)
        {
            return false;
        }

        var after = SkipSpaces(text, close + 1);
        if (after >= text.Length || text[after] != '}')
        {
            return false;
        }

        fallback = text[(i + 1)..close];
        end = after;
        return true;
    }

    private static int SkipSpaces(string text, int i)
    {
        while (i < text.Length && text[i] == ' ')
        {
            i++;
        }

        return i;
    }
}
