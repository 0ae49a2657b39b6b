using TokenBroker.Policy.Conditions;
using TokenBroker.Policy.Evaluation;
using TokenBroker.Policy.Matching;

namespace TokenBroker.Policy.Compiled;

/// <summary>An immutable, pre-parsed policy statement.</summary>
public sealed class CompiledStatement
{
    private readonly Pattern[] _actions;
    private readonly bool _notAction;
    private readonly ArnPattern[]? _resources;
    private readonly bool _notResource;
    private readonly PrincipalSet? _principals;
    private readonly CompiledCondition[] _conditions;

    internal CompiledStatement(
        int index,
        string? sid,
        bool isAllow,
        (Pattern[] Patterns, bool IsNot) actions,
        (ArnPattern[]? Patterns, bool IsNot) resources,
        PrincipalSet? principals,
        CompiledCondition[] conditions)
    {
        Index = index;
        Sid = sid;
        Name = string.IsNullOrEmpty(sid) ? index.ToString(System.Globalization.CultureInfo.InvariantCulture) : sid;
        IsAllow = isAllow;
        (_actions, _notAction) = actions;
        (_resources, _notResource) = resources;
        _principals = principals;
        _conditions = conditions;
        Services = ComputeServices();
        ResourceKeys = ComputeResourceKeys();
    }

    /// <summary>Gets the zero-based index of the statement in its policy.</summary>
    public int Index { get; }

    /// <summary>Gets the statement's Sid, if any.</summary>
    public string? Sid { get; }

    /// <summary>Gets the statement's name: its Sid when non-empty, else its index.</summary>
    public string Name { get; }

    /// <summary>Gets a value indicating whether the statement's Effect is Allow.</summary>
    public bool IsAllow { get; }

    /// <summary>Gets the condition keys the statement's Condition block tests (the IAM simulator's MissingContextValues).</summary>
    public IEnumerable<string> ConditionKeys => _conditions.Select(c => c.Key);

    /// <summary>Gets the lower-cased service prefixes this statement can match, or null when it can match any service.</summary>
    internal string[]? Services { get; }

    /// <summary>Gets the resource keys (<see cref="StatementIndex"/>) this statement can match, or null when it can match any resource.</summary>
    internal string[]? ResourceKeys { get; }

    private string[]? ComputeResourceKeys()
    {
        if (_resources is null || _notResource || _resources.Length == 0 || _resources.Any(r => r.ResourceKey is null))
        {
            return null;
        }

        return [.. _resources.Select(r => r.ResourceKey!).Distinct(StringComparer.Ordinal)];
    }

    private string[]? ComputeServices() =>
        _notAction || _actions.Any(a => !TryGetService(a.Text, out _))
            ? null
            : [.. _actions.Select(a => TryGetService(a.Text, out var s) ? s : string.Empty).Distinct(StringComparer.Ordinal)];

    /// <summary>Matches action, principal, resource and conditions, returning how the principal was named.</summary>
    internal PrincipalMatch Match(AuthorizationRequest request)
    {
        if (!MatchesAction(request.Action))
        {
            return PrincipalMatch.None;
        }

        if (!MatchesResource(request))
        {
            return PrincipalMatch.None;
        }

        var principal = _principals?.Match(request) ?? PrincipalMatch.Direct;
        return principal != PrincipalMatch.None && MatchesConditions(request.Context) ? principal : PrincipalMatch.None;
    }

    /// <summary>Actions compare without case (IAM User Guide, reference_policies_elements_action).</summary>
    private bool MatchesAction(string action)
    {
        var any = false;
        foreach (var pattern in _actions)
        {
            if (pattern.Match(action, null, ignoreCase: true) == MatchOutcome.Match)
            {
                any = true;
                break;
            }
        }

        return any != _notAction;
    }

    /// <summary>
    /// A Resource with an unresolved variable matches nothing; for NotResource that would widen an Allow, so an
    /// Allow statement with an unresolved NotResource variable does not apply while a Deny still does (fail closed).
    /// </summary>
    private bool MatchesResource(AuthorizationRequest request)
    {
        if (_resources is null)
        {
            return true;
        }

        var ranges = request.ResourceRanges;
        foreach (var pattern in _resources)
        {
            var outcome = pattern.Match(request.ResourceArn, ranges, request.ResourceIsArn, request.Context);
            if (outcome == MatchOutcome.Match)
            {
                return !_notResource;
            }

            if (outcome == MatchOutcome.Unresolved && _notResource && IsAllow)
            {
                return false;
            }
        }

        return _notResource;
    }

    /// <summary>Operators and keys of a Condition block combine with AND.</summary>
    private bool MatchesConditions(RequestContext context)
    {
        foreach (var condition in _conditions)
        {
            if (!condition.Evaluate(context))
            {
                return false;
            }
        }

        return true;
    }

    private static bool TryGetService(string action, out string service)
    {
        var colon = action.IndexOf(':', StringComparison.Ordinal);
        service = colon > 0 ? action[..colon].ToLowerInvariant() : string.Empty;
        return colon > 0 && action.AsSpan(0, colon).IndexOfAny('*', '?') < 0;
    }
}
