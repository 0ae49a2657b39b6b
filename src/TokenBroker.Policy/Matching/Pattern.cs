namespace TokenBroker.Policy.Matching;

/// <summary>
/// A compiled glob or exact pattern. A dedicated matcher, never a regular expression built from policy text
/// (reference/policy.md §4.8): <c>*</c> matches any run of characters including none, <c>?</c> exactly one.
/// Resolved policy variables are inserted literally, so a <c>*</c> inside a tag value is not a wildcard.
/// </summary>
internal sealed class Pattern
{
    private readonly PatternToken[][] _segments;
    private readonly PatternToken[] _variables;

    // Most patterns are a literal ("s3:GetObject") or a literal followed by one '*' ("bucket/*"); both are matched
    // by a single comparison instead of the general segment walk.
    private readonly string? _literal;
    private readonly bool _literalIsPrefix;

    private Pattern(PatternToken[][] segments, string text)
    {
        _segments = segments;
        _variables = [.. segments.SelectMany(s => s).Where(t => t.Kind == PatternTokenKind.Variable)];
        Text = text;
        var first = segments[0];
        var isLiteral = first.Length == 0 || (first.Length == 1 && first[0].Kind == PatternTokenKind.Literal);
        if (isLiteral && (segments.Length == 1 || (segments.Length == 2 && segments[1].Length == 0)))
        {
            _literal = first.Length == 0 ? string.Empty : first[0].Text;
            _literalIsPrefix = segments.Length == 2;
        }
    }

    /// <summary>Gets the source text of the pattern.</summary>
    public string Text { get; }

    public bool HasVariables => _variables.Length > 0;

    /// <summary>Compiles text; <paramref name="glob"/> makes <c>*</c> and <c>?</c> wildcards, <paramref name="variables"/> enables <c>${...}</c>.</summary>
    public static Pattern Compile(string text, bool glob, bool variables)
    {
        var segments = PatternTokenizer.Tokenize(text, glob, variables, out _);
        return new Pattern(segments, text);
    }

    /// <summary>Matches <paramref name="input"/> against the pattern.</summary>
    public MatchOutcome Match(ReadOnlySpan<char> input, IVariableSource? variables, bool ignoreCase)
    {
        if (_literal is not null)
        {
            var comparison = ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
            var matches = _literalIsPrefix ? input.StartsWith(_literal, comparison) : input.Equals(_literal, comparison);
            return matches ? MatchOutcome.Match : MatchOutcome.NoMatch;
        }

        if (_variables.Length == 0)
        {
            return MatchSegments(input, [], ignoreCase) ? MatchOutcome.Match : MatchOutcome.NoMatch;
        }

        // Each variable is looked up once; the segment walk then reads the resolved values by slot.
        var room = default(ResolvedVariables);
        Span<string> values = _variables.Length <= ResolvedVariables.Capacity
            ? ((Span<string>)room)[.._variables.Length]
            : new string[_variables.Length];
        foreach (var variable in _variables)
        {
            if (!TryResolve(variable, variables, out values[variable.Slot]))
            {
                return MatchOutcome.Unresolved;
            }
        }

        return MatchSegments(input, values, ignoreCase) ? MatchOutcome.Match : MatchOutcome.NoMatch;
    }

    private bool MatchSegments(ReadOnlySpan<char> input, ReadOnlySpan<string> values, bool ignoreCase)
    {
        var first = _segments[0];
        var firstLength = Length(first, values);
        if (_segments.Length == 1)
        {
            return input.Length == firstLength && MatchAt(first, input, 0, values, ignoreCase);
        }

        var last = _segments[^1];
        var lastLength = Length(last, values);
        if (firstLength + lastLength > input.Length
            || !MatchAt(first, input, 0, values, ignoreCase)
            || !MatchAt(last, input, input.Length - lastLength, values, ignoreCase))
        {
            return false;
        }

        // Leftmost placement of each middle segment is optimal for globs whose only variable-length part is '*'.
        var position = firstLength;
        var end = input.Length - lastLength;
        for (var i = 1; i < _segments.Length - 1; i++)
        {
            var segment = _segments[i];
            var length = Length(segment, values);
            var found = false;
            for (var start = position; start + length <= end; start++)
            {
                if (MatchAt(segment, input, start, values, ignoreCase))
                {
                    position = start + length;
                    found = true;
                    break;
                }
            }

            if (!found)
            {
                return false;
            }
        }

        return true;
    }

    private static int Length(PatternToken[] segment, ReadOnlySpan<string> values)
    {
        var length = 0;
        foreach (var token in segment)
        {
            length += token.Kind switch
            {
                PatternTokenKind.AnyChar => 1,
                PatternTokenKind.Variable => values[token.Slot].Length,
                _ => token.Text.Length,
            };
        }

        return length;
    }

    private static bool MatchAt(
        PatternToken[] segment, ReadOnlySpan<char> input, int start, ReadOnlySpan<string> values, bool ignoreCase)
    {
        var position = start;
        foreach (var token in segment)
        {
            if (token.Kind == PatternTokenKind.AnyChar)
            {
                if (position >= input.Length)
                {
                    return false;
                }

                position++;
                continue;
            }

            var text = token.Kind == PatternTokenKind.Variable ? values[token.Slot] : token.Text;
            if (position + text.Length > input.Length || !Equal(input.Slice(position, text.Length), text, ignoreCase))
            {
                return false;
            }

            position += text.Length;
        }

        return true;
    }

    private static bool Equal(ReadOnlySpan<char> input, string text, bool ignoreCase) =>
        ignoreCase
            ? input.Equals(text, StringComparison.OrdinalIgnoreCase)
            : input.SequenceEqual(text);

    private static bool TryResolve(PatternToken token, IVariableSource? variables, out string value)
    {
        if (variables is not null && variables.TryGetSingleValue(token.Text, out value))
        {
            return true;
        }

        value = token.Default ?? string.Empty;
        return token.Default is not null;
    }
}
