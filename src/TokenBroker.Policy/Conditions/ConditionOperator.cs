namespace TokenBroker.Policy.Conditions;

/// <summary>A parsed condition operator name: set qualifier, base operator and the IfExists suffix.</summary>
internal readonly record struct ConditionOperator(ConditionOperatorKind Kind, SetQualifier Qualifier, bool IfExists)
{
    private const string IfExistsSuffix = "IfExists";

    private static readonly Dictionary<string, ConditionOperatorKind> Names =
        Enum.GetValues<ConditionOperatorKind>().ToDictionary(k => k.ToString(), StringComparer.OrdinalIgnoreCase);

    /// <summary>Gets a value indicating whether several policy values must all fail to match (negated operators).</summary>
    public bool IsNegated => Kind is ConditionOperatorKind.StringNotEquals or ConditionOperatorKind.StringNotEqualsIgnoreCase
        or ConditionOperatorKind.StringNotLike or ConditionOperatorKind.NumericNotEquals
        or ConditionOperatorKind.DateNotEquals or ConditionOperatorKind.NotIpAddress
        or ConditionOperatorKind.ArnNotEquals or ConditionOperatorKind.ArnNotLike;

    /// <summary>Gets a value indicating whether the operator accepts policy variables in its values.</summary>
    public bool AllowsVariables => Kind is >= ConditionOperatorKind.StringEquals and <= ConditionOperatorKind.StringNotLike
        or >= ConditionOperatorKind.ArnEquals and <= ConditionOperatorKind.ArnNotLike;

    /// <summary>Parses an operator name; unknown operators are rejected, never skipped (reference/policy.md §4.1).</summary>
    public static bool TryParse(string text, out ConditionOperator result)
    {
        result = default;
        var name = text.AsSpan();
        var qualifier = SetQualifier.None;
        if (name.StartsWith("ForAllValues:", StringComparison.OrdinalIgnoreCase))
        {
            qualifier = SetQualifier.ForAllValues;
            name = name["ForAllValues:".Length..];
        }
        else if (name.StartsWith("ForAnyValue:", StringComparison.OrdinalIgnoreCase))
        {
            qualifier = SetQualifier.ForAnyValue;
            name = name["ForAnyValue:".Length..];
        }

        var ifExists = name.EndsWith(IfExistsSuffix, StringComparison.OrdinalIgnoreCase);
        if (ifExists)
        {
            name = name[..^IfExistsSuffix.Length];
        }

        if (!Names.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(name, out var kind))
        {
            return false;
        }

        // Null has no IfExists form (Access Analyzer "Null with if exists").
        if (kind == ConditionOperatorKind.Null && ifExists)
        {
            return false;
        }

        result = new ConditionOperator(kind, qualifier, ifExists);
        return true;
    }
}
