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
    private readonly Pattern? _crossing;

    private ArnPattern(Pattern[]? components, Pattern? whole, bool ignoreServiceCase, bool truncated, Pattern? crossing)
    {
        _components = components;
        _whole = whole;
        _ignoreServiceCase = ignoreServiceCase;
        _truncated = truncated;
        _crossing = crossing;
        _hasVariables = components?.Any(c => c.HasVariables) ?? false;
        ResourceKey = components is null ? null : Compiled.StatementIndex.KeyOfPattern(components[^1].Text);
    }

    /// <summary>Gets the literal first path element of the resource part, or null (see <see cref="Compiled.StatementIndex"/>).</summary>
    public string? ResourceKey { get; }

    /// <summary>
    /// Compiles an ARN pattern. For the Resource element the partition, service, region and account compare
    /// without case and only the resource part may hold variables; ARN condition operators are case-sensitive.
    /// </summary>
    /// <param name="text">The pattern text.</param>
    /// <param name="variables">Whether <c>${...}</c> is a policy variable.</param>
    /// <param name="resourceElement">Whether the pattern is a Resource or NotResource value rather than a condition value.</param>
    /// <param name="notResource">Whether it is a NotResource value, where a reading AWS leaves open must be reported.</param>
    public static ArnPattern Compile(string text, bool variables, bool resourceElement, bool notResource = false)
    {
        var parts = ArnSplitter.SplitPattern(text);
        if (!resourceElement || parts.Count < ShortestResource)
        {
            return parts.Count < ArnSplitter.Components
                ? new ArnPattern(null, Pattern.Compile(text, glob: true, variables), resourceElement, false, null)
                : new ArnPattern(Components(parts, variables, resourceElement), null, resourceElement, false, null);
        }

        // "If the * wildcard is the last character of a resource ARN segment, it can expand to match beyond the
        // colon boundaries" (IAM User Guide, reference_policies_elements_resource). A shortened Resource with a
        // trailing * matches as if each missing component were *; one without matches nothing, and is Unresolved
        // where the *-filled form would match. In a NotResource, a * before the resource part could also cross
        // colons: where only that reading matches, the outcome is Unresolved, so an Allow with it does not apply
        // and a Deny does (fail closed); a Resource keeps the narrower component-wise reading.
        var truncated = parts.Count < ArnSplitter.Components && !parts[^1].EndsWith('*');
        while (parts.Count < ArnSplitter.Components)
        {
            parts.Add("*");
        }

        var crossing = notResource && parts.Take(ArnSplitter.Components - 1).Any(p => p.Contains('*', StringComparison.Ordinal))
            ? Pattern.Compile(text, glob: true, variables)
            : null;
        return new ArnPattern(Components(parts, variables, resourceElement: true), null, true, truncated, crossing);
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

        var outcome = MatchComponents(arn, ranges, variables);
        if (outcome == MatchOutcome.Match && _truncated)
        {
            return MatchOutcome.Unresolved;
        }

        var crossingMatches = outcome == MatchOutcome.NoMatch && _crossing is not null
            && _crossing.Match(arn, variables, ignoreCase: true) == MatchOutcome.Match;
        return crossingMatches ? MatchOutcome.Unresolved : outcome;
    }

    /// <summary>Matches an ARN given as text.</summary>
    public MatchOutcome Match(ReadOnlySpan<char> arn, IVariableSource? variables)
    {
        Span<Range> ranges = stackalloc Range[ArnSplitter.Components];
        var isArn = ArnSplitter.TrySplit(arn, ranges);
        return Match(arn, ranges, isArn, variables);
    }

    private static Pattern[] Components(List<string> parts, bool variables, bool resourceElement)
    {
        var components = new Pattern[ArnSplitter.Components];
        for (var i = 0; i < components.Length; i++)
        {
            var allowVariables = variables && (!resourceElement || i == ArnSplitter.Components - 1);
            components[i] = Pattern.Compile(parts[i], glob: true, allowVariables);
        }

        return components;
    }

    /// <summary>
    /// The resource part discriminates most, so it is compared first. A pattern with variables is checked to the
    /// end, because an unresolved variable must be reported as such rather than as a plain mismatch.
    /// </summary>
    private MatchOutcome MatchComponents(ReadOnlySpan<char> arn, ReadOnlySpan<Range> ranges, IVariableSource? variables)
    {
        var outcome = MatchOutcome.Match;
        for (var i = _components!.Length - 1; i >= 0; i--)
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

        return outcome;
    }
}
