using TokenBroker.Policy.Evaluation;
using TokenBroker.Policy.Matching;

namespace TokenBroker.Policy.Conditions;

/// <summary>Per-value matching for each operator family.</summary>
internal sealed partial class CompiledCondition
{
    private const int StackBase64Limit = 768;

    /// <summary>
    /// Matches one request value. A negated operator is true when no policy value matches. A request value that
    /// cannot be read as the operator's type matches neither form.
    /// </summary>
    private bool Matches(ContextValue entry, int index, RequestContext context)
    {
        var family = Family(Operator.Kind);
        if (family is OperatorFamily.String or OperatorFamily.Arn)
        {
            var outcome = family == OperatorFamily.String
                ? MatchString(entry.Values[index], context)
                : MatchArn(entry.Values[index], context);
            return outcome switch
            {
                MatchOutcome.Match => !Operator.IsNegated,
                MatchOutcome.NoMatch => Operator.IsNegated,

                // "Any attempt to match it fails and causes the statement to be invalid" (IAM User Guide,
                // reference_policies_variables). A positive operator does not match; a negated one cannot show that
                // the value differs, so it never lets an Allow apply, while a Deny still applies (fail closed).
                _ => Operator.IsNegated && !_isAllow,
            };
        }

        bool? positive = family switch
        {
            OperatorFamily.Numeric => entry.Numbers[index] is { } number ? MatchNumber(number) : null,
            OperatorFamily.Date => entry.Dates[index] is { } ticks ? MatchDate(ticks) : null,
            OperatorFamily.Bool => MatchBool(entry.Values[index]),
            OperatorFamily.Binary => MatchBinary(entry.Values[index]),
            OperatorFamily.Ip => entry.Addresses[index] is { } address ? MatchAddress(address) : null,
            _ => null,
        };
        return positive is { } result && (Operator.IsNegated ? !result : result);
    }

    /// <summary>Match when any policy value matches; otherwise Unresolved when a value's variable could not be resolved.</summary>
    private MatchOutcome MatchString(string value, RequestContext context)
    {
        var ignoreCase = Operator.Kind is ConditionOperatorKind.StringEqualsIgnoreCase
            or ConditionOperatorKind.StringNotEqualsIgnoreCase;
        var outcome = MatchOutcome.NoMatch;
        foreach (var pattern in _strings)
        {
            var match = pattern.Match(value, context, ignoreCase);
            if (match == MatchOutcome.Match)
            {
                return match;
            }

            outcome = match == MatchOutcome.Unresolved ? match : outcome;
        }

        return outcome;
    }

    private MatchOutcome MatchArn(string value, RequestContext context)
    {
        var outcome = MatchOutcome.NoMatch;
        foreach (var pattern in _arns)
        {
            var match = pattern.Match(value, context);
            if (match == MatchOutcome.Match)
            {
                return match;
            }

            outcome = match == MatchOutcome.Unresolved ? match : outcome;
        }

        return outcome;
    }

    private bool MatchNumber(decimal request)
    {
        foreach (var policy in _numbers)
        {
            if (policy is { } value && Compare(request.CompareTo(value)))
            {
                return true;
            }
        }

        return false;
    }

    private bool MatchDate(long request)
    {
        foreach (var policy in _dates)
        {
            if (policy is { } value && Compare(request.CompareTo(value)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Applies the operator's comparison to <c>request.CompareTo(policy)</c>; NotEquals compares as Equals then negates.</summary>
    private bool Compare(int order) => Operator.Kind switch
    {
        ConditionOperatorKind.NumericLessThan or ConditionOperatorKind.DateLessThan => order < 0,
        ConditionOperatorKind.NumericLessThanEquals or ConditionOperatorKind.DateLessThanEquals => order <= 0,
        ConditionOperatorKind.NumericGreaterThan or ConditionOperatorKind.DateGreaterThan => order > 0,
        ConditionOperatorKind.NumericGreaterThanEquals or ConditionOperatorKind.DateGreaterThanEquals => order >= 0,
        _ => order == 0,
    };

    private bool? MatchBool(string value)
    {
        if (!bool.TryParse(value, out _))
        {
            return null;
        }

        foreach (var policy in _raw)
        {
            if (string.Equals(policy, value, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private bool? MatchBinary(string value)
    {
        Span<byte> buffer = value.Length <= StackBase64Limit ? stackalloc byte[value.Length] : new byte[value.Length];
        if (!Convert.TryFromBase64String(value, buffer, out var written))
        {
            return null;
        }

        foreach (var policy in _binaries)
        {
            if (policy is not null && buffer[..written].SequenceEqual(policy))
            {
                return true;
            }
        }

        return false;
    }

    private bool MatchAddress(byte[] address)
    {
        foreach (var network in _networks)
        {
            if (network is not null && network.Contains(address))
            {
                return true;
            }
        }

        return false;
    }
}
