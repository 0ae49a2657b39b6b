namespace TokenBroker.Policy.Matching;

/// <summary>
/// Matches ARNs component by component, so a wildcard never spans a colon between components (IAM User Guide,
/// reference_policies_elements_condition_operators, "ARN condition operators").
/// </summary>
internal sealed class ArnPattern
{
    /// <summary>The fewest components IAM accepts in a Resource ARN: arn, partition and service.</summary>
    private const int ShortestResource = 3;

    private readonly Pattern[]? _components;
    private readonly Pattern? _whole;
    private readonly bool _ignoreServiceCase;
    private readonly bool _hasVariables;
    private readonly bool _truncated;

    private ArnPattern(Pattern[]? components, Pattern? whole, bool ignoreServiceCase, bool truncated = false)
    {
        _components = components;
        _whole = whole;
        _ignoreServiceCase = ignoreServiceCase;
        _truncated = truncated;
        _hasVariables = components?.Any(c => c.HasVariables) ?? false;
        ResourceKey = components is null ? null : Compiled.StatementIndex.KeyOfPattern(components[^1].Text);
    }

    /// <summary>Gets the literal first path element of the resource part, or null (see <see cref="Compiled.StatementIndex"/>).</summary>
    public string? ResourceKey { get; }

    /// <summary>
    /// Compiles an ARN pattern. For the Resource element the partition, service, region and account compare
    /// without case and only the resource part may hold variables; ARN condition operators are case-sensitive.
    /// </summary>
    public static ArnPattern Compile(string text, bool variables, bool resourceElement)
    {
        var parts = ArnSplitter.SplitPattern(text);
        if (resourceElement && parts.Count is >= ShortestResource and < ArnSplitter.Components)
        {
            return CompileShortResource(parts);
        }

        if (parts.Count < ArnSplitter.Components)
        {
            return new ArnPattern(null, Pattern.Compile(text, glob: true, variables), resourceElement);
        }

        var components = new Pattern[ArnSplitter.Components];
        for (var i = 0; i < components.Length; i++)
        {
            var allowVariables = variables && (!resourceElement || i == ArnSplitter.Components - 1);
            components[i] = Pattern.Compile(parts[i], glob: true, allowVariables);
        }

        return new ArnPattern(components, null, resourceElement);
    }

    /// <summary>
    /// A Resource of three to five components ("arn:aws:kms:*"). "If the * wildcard is the last character of a
    /// resource ARN segment, it can expand to match beyond the colon boundaries" (IAM User Guide,
    /// reference_policies_elements_resource), so a trailing <c>*</c> matches the missing components, exactly as if
    /// each were <c>*</c>. Without a trailing <c>*</c> AWS does not say what the missing components match: such a
    /// pattern never matches, and where it would match with <c>*</c> components it answers
    /// <see cref="MatchOutcome.Unresolved"/>, so an Allow with it in NotResource does not apply (fail closed).
    /// </summary>
    private static ArnPattern CompileShortResource(List<string> parts)
    {
        var components = new Pattern[ArnSplitter.Components];
        for (var i = 0; i < components.Length; i++)
        {
            components[i] = Pattern.Compile(i < parts.Count ? parts[i] : "*", glob: true, variables: false);
        }

        var truncated = !parts[^1].EndsWith('*');
        return new ArnPattern(components, null, ignoreServiceCase: true, truncated);
    }

    /// <summary>Matches an ARN whose components were already split.</summary>
    public MatchOutcome Match(ReadOnlySpan<char> arn, ReadOnlySpan<Range> ranges, bool isArn, IVariableSource? variables)
    {
        if (_components is null)
        {
            return _whole!.Match(arn, variables, ignoreCase: false);
        }

        if (!isArn)
        {
            return MatchOutcome.NoMatch;
        }

        // The resource part discriminates most, so it is compared first. A pattern with variables is checked to
        // the end, because an unresolved variable must be reported as such rather than as a plain mismatch.
        var outcome = MatchOutcome.Match;
        for (var i = _components.Length - 1; i >= 0; i--)
        {
            var ignoreCase = _ignoreServiceCase && i < ArnSplitter.Components - 1;
            var component = _components[i].Match(arn[ranges[i]], variables, ignoreCase);
            if (component == MatchOutcome.Unresolved)
            {
                return MatchOutcome.Unresolved;
            }

            if (component == MatchOutcome.NoMatch)
            {
                if (!_hasVariables)
                {
                    return MatchOutcome.NoMatch;
                }

                outcome = MatchOutcome.NoMatch;
            }
        }

        return _truncated && outcome == MatchOutcome.Match ? MatchOutcome.Unresolved : outcome;
    }

    /// <summary>Matches an ARN given as text.</summary>
    public MatchOutcome Match(ReadOnlySpan<char> arn, IVariableSource? variables)
    {
        Span<Range> ranges = stackalloc Range[ArnSplitter.Components];
        var isArn = ArnSplitter.TrySplit(arn, ranges);
        return Match(arn, ranges, isArn, variables);
    }
}
