using TokenBroker.Policy.Conditions;
using TokenBroker.Policy.Json;

namespace TokenBroker.Policy.Parsing;

/// <summary>The Condition block: operators, keys and values (IAM User Guide, reference_policies_elements_condition).</summary>
internal sealed partial class PolicyParser
{
    private CompiledCondition[] ParseCondition(JsonValue element, bool isAllow)
    {
        if (element.Kind != JsonKind.Object)
        {
            Error(element.Path, PolicyMessages.Syntax);
            return [];
        }

        var conditions = new List<CompiledCondition>();
        foreach (var (operatorName, block) in element.Properties)
        {
            if (!ConditionOperator.TryParse(operatorName, out var op))
            {
                // Unknown operators are rejected, never skipped: a skipped Deny condition fails open (reference/policy.md §4.1).
                Error(block.Path, PolicyMessages.InvalidConditionType(operatorName));
                continue;
            }

            if (block.Kind != JsonKind.Object)
            {
                Error(block.Path, PolicyMessages.Syntax);
                continue;
            }

            ParseConditionBlock(op, block, isAllow, conditions);
        }

        return [.. conditions];
    }

    private void ParseConditionBlock(ConditionOperator op, JsonValue block, bool isAllow, List<CompiledCondition> conditions)
    {
        var keys = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in block.Properties)
        {
            if (!keys.Add(key))
            {
                Error(value.Path, PolicyMessages.DuplicateConditionKey(key));
                continue;
            }

            var colon = key.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                Error(value.Path, PolicyMessages.ActionVendor);
                continue;
            }

            var values = ConditionValues(value);
            if (values is null)
            {
                continue;
            }

            if (op.Kind == ConditionOperatorKind.Null && _variables && values.Any(v => v.Contains("${", StringComparison.Ordinal)))
            {
                Error(value.Path, PolicyMessages.VariableInNullCondition);
                continue;
            }

            conditions.Add(new CompiledCondition(op, key, values, _variables && op.AllowsVariables, isAllow));
        }
    }

    /// <summary>Condition values are strings, numbers or booleans, alone or in an array (IAM reads them as text).</summary>
    private string[]? ConditionValues(JsonValue value)
    {
        if (IsScalar(value))
        {
            return [value.Text!];
        }

        if (value.Kind != JsonKind.Array)
        {
            Error(value.Path, PolicyMessages.Syntax);
            return null;
        }

        var values = new List<string>();
        foreach (var item in value.Items)
        {
            if (IsScalar(item))
            {
                values.Add(item.Text!);
            }
            else
            {
                Error(item.Path, PolicyMessages.Syntax);
                return null;
            }
        }

        return [.. values];
    }

    private static bool IsScalar(JsonValue value) =>
        value.Kind is JsonKind.String or JsonKind.Number or JsonKind.True or JsonKind.False;
}
