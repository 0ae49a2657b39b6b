using TokenBroker.Policy.Evaluation;
using TokenBroker.Policy.Matching;

namespace TokenBroker.Policy.Conditions;

/// <summary>
/// One operator applied to one context key with its policy values, pre-parsed for its operator. Values of one key
/// combine with OR, or with AND for negated operators (IAM User Guide, reference_policies_multi-value-conditions).
/// </summary>
internal sealed partial class CompiledCondition
{
    private readonly Pattern[] _strings = [];
    private readonly ArnPattern[] _arns = [];
    private readonly decimal?[] _numbers = [];
    private readonly long?[] _dates = [];
    private readonly byte[]?[] _binaries = [];
    private readonly IpNetwork?[] _networks = [];
    private readonly string[] _raw;
    private readonly bool _isAllow;

    /// <summary>Compiles one key's condition; <paramref name="isAllow"/> is the statement's effect, which decides how an unresolved variable counts.</summary>
    public CompiledCondition(ConditionOperator op, string key, string[] values, bool variables, bool isAllow)
    {
        Operator = op;
        Key = key;
        _raw = values;
        _isAllow = isAllow;
        switch (Family(op.Kind))
        {
            case OperatorFamily.String:
                var glob = op.Kind is ConditionOperatorKind.StringLike or ConditionOperatorKind.StringNotLike;
                _strings = [.. values.Select(v => Pattern.Compile(v, glob, variables))];
                break;
            case OperatorFamily.Arn:
                _arns = [.. values.Select(v => ArnPattern.Compile(v, variables, resourceElement: false))];
                break;
            case OperatorFamily.Numeric:
                _numbers = [.. values.Select(v => ValueParsers.TryParseNumber(v, out var n) ? n : (decimal?)null)];
                break;
            case OperatorFamily.Date:
                _dates = [.. values.Select(v => ValueParsers.TryParseDate(v, out var t) ? t : (long?)null)];
                break;
            case OperatorFamily.Binary:
                _binaries = [.. values.Select(DecodeBase64)];
                break;
            case OperatorFamily.Ip:
                _networks = [.. values.Select(ValueParsers.TryParseNetwork)];
                break;
            default:
                break;
        }
    }

    private enum OperatorFamily
    {
        String,
        Numeric,
        Date,
        Bool,
        Binary,
        Ip,
        Arn,
        Null,
    }

    public ConditionOperator Operator { get; }

    public string Key { get; }

    /// <summary>Evaluates the condition against the request context.</summary>
    public bool Evaluate(RequestContext context)
    {
        var entry = context.Find(Key);
        if (Operator.Kind == ConditionOperatorKind.Null)
        {
            return EvaluateNull(entry);
        }

        if (entry is null)
        {
            return EvaluateAbsent();
        }

        return Operator.Qualifier switch
        {
            SetQualifier.ForAllValues => ForAllValues(entry, context),
            SetQualifier.ForAnyValue => ForAnyValue(entry, context),

            // A plain operator does not match a multivalued key; a set operator is required
            // (reference/policy.md §1.3 "Plain (single-value) operator on a multivalued context key").
            _ => !entry.IsMultiValued && entry.Values.Length == 1 && Matches(entry, 0, context),
        };
    }

    /// <summary>
    /// A missing key: IfExists is true; ForAllValues is true and ForAnyValue false; otherwise positive operators are
    /// false and negated ones true (IAM User Guide, condition operators, "Important" note on missing keys).
    /// </summary>
    private bool EvaluateAbsent() => Operator.IfExists || Operator.Qualifier switch
    {
        SetQualifier.ForAllValues => true,
        SetQualifier.ForAnyValue => false,
        _ => Operator.IsNegated,
    };

    /// <summary>ForAllValues is true for an empty set or a lone empty string (reference/policy.md §1.3).</summary>
    private bool ForAllValues(ContextValue entry, RequestContext context)
    {
        if (entry.Values.Length == 0 || (entry.Values.Length == 1 && entry.Values[0].Length == 0))
        {
            return true;
        }

        for (var i = 0; i < entry.Values.Length; i++)
        {
            if (!Matches(entry, i, context))
            {
                return false;
            }
        }

        return true;
    }

    private bool ForAnyValue(ContextValue entry, RequestContext context)
    {
        for (var i = 0; i < entry.Values.Length; i++)
        {
            if (Matches(entry, i, context))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Null: "true" matches an absent key, "false" a present one. With a set qualifier it is always true
    /// (ForAllValues) or false (ForAnyValue), as Access Analyzer's "Null with qualifier" check describes.
    /// </summary>
    private bool EvaluateNull(ContextValue? entry)
    {
        if (Operator.Qualifier != SetQualifier.None)
        {
            return Operator.Qualifier == SetQualifier.ForAllValues;
        }

        var absent = entry is null || entry.Values.Length == 0;
        foreach (var value in _raw)
        {
            if (string.Equals(value, absent ? "true" : "false", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static OperatorFamily Family(ConditionOperatorKind kind) => kind switch
    {
        <= ConditionOperatorKind.StringNotLike => OperatorFamily.String,
        <= ConditionOperatorKind.NumericGreaterThanEquals => OperatorFamily.Numeric,
        <= ConditionOperatorKind.DateGreaterThanEquals => OperatorFamily.Date,
        ConditionOperatorKind.Bool => OperatorFamily.Bool,
        ConditionOperatorKind.BinaryEquals => OperatorFamily.Binary,
        ConditionOperatorKind.IpAddress or ConditionOperatorKind.NotIpAddress => OperatorFamily.Ip,
        ConditionOperatorKind.Null => OperatorFamily.Null,
        _ => OperatorFamily.Arn,
    };

    private static byte[]? DecodeBase64(string value)
    {
        var buffer = new byte[value.Length];
        return Convert.TryFromBase64String(value, buffer, out var written) ? buffer[..written] : null;
    }
}
