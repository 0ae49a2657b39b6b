using System.Globalization;
using TokenBroker.Core.Errors;

namespace TokenBroker.Core.Protocol;

/// <summary>
/// Reads typed request members from Query parameters and checks the model's shape constraints, collecting every
/// violation into one AWS-style ValidationError ("2 validation errors detected: …") as AWS does.
/// </summary>
public sealed class ParameterReader(QueryParameters parameters)
{
    private readonly List<string> _violations = [];

    /// <summary>The ValidationError for everything read so far, or null when all members were valid.</summary>
    public StsError? Error => _violations.Count == 0 ? null : StsErrors.ValidationError(ValidationMessage.Many(_violations));

    /// <summary>Reads a string member; null when absent (and a violation when required).</summary>
    public string? Text(string name, StringRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var value = parameters[name];
        Check(value, rule, Member(name));
        return value;
    }

    /// <summary>Reads an integer member with an inclusive range; a non-integer is a violation.</summary>
    public int? Number(string name, int min, int max)
    {
        var text = parameters[name];
        if (text is null)
        {
            return null;
        }

        var member = Member(name);
        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            _violations.Add(ValidationMessage.Violation(text, member, "Member must be a number"));
            return null;
        }

        if (value < min)
        {
            _violations.Add(ValidationMessage.Violation(text, member, $"Member must have value greater than or equal to {min}"));
        }
        else if (value > max)
        {
            _violations.Add(ValidationMessage.Violation(text, member, $"Member must have value less than or equal to {max}"));
        }

        return value;
    }

    /// <summary>
    /// Reads a list of strings encoded as <c>Name.member.1</c>, <c>Name.member.2</c>, … (or <c>Name.member.N.Field</c>
    /// when <paramref name="field"/> is given). Members must be numbered from 1 without gaps.
    /// </summary>
    public IReadOnlyList<string> List(string name, string? field, StringRule rule, int maxCount)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var items = new List<string>();
        var prefix = name + ".member.";
        var suffix = field is null ? "" : "." + field;
        for (var index = 1; ; index++)
        {
            var key = prefix + index.ToString(CultureInfo.InvariantCulture) + suffix;
            var value = parameters[key];
            if (value is null)
            {
                break;
            }

            Check(value, rule, $"{Member(name)}.{index}.member{(field is null ? "" : "." + Member(field))}");
            items.Add(value);
        }

        if (items.Count > maxCount)
        {
            var shown = rule.Sensitive ? "***" : "[" + string.Join(", ", items) + "]";
            _violations.Add(ValidationMessage.Violation(shown, Member(name), $"Member must have length less than or equal to {maxCount}"));
        }

        return items;
    }

    /// <summary>Reads key/value structures encoded as <c>Name.member.N.Key</c> and <c>Name.member.N.Value</c>.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Pairs(string name, StringRule keyRule, StringRule valueRule, int maxCount)
    {
        var keys = List(name, "Key", keyRule, maxCount);
        var pairs = new List<KeyValuePair<string, string>>(keys.Count);
        for (var i = 0; i < keys.Count; i++)
        {
            var member = $"{Member(name)}.{i + 1}.member.value";
            var value = parameters[$"{name}.member.{i + 1}.Value"];
            Check(value, valueRule, member);
            pairs.Add(new(keys[i], value ?? ""));
        }

        return pairs;
    }

    /// <summary>Adds a violation found by the caller (for cross-member rules).</summary>
    public void AddViolation(string? value, string name, string constraint) =>
        _violations.Add(ValidationMessage.Violation(value, Member(name), constraint));

    private void Check(string? value, StringRule rule, string member)
    {
        if (value is null)
        {
            if (rule.Required)
            {
                _violations.Add(ValidationMessage.Violation(null, member, "Member must not be null"));
            }

            return;
        }

        var shown = rule.Sensitive ? "***" : value;
        if (value.Length < rule.MinLength)
        {
            _violations.Add(ValidationMessage.Violation(shown, member, $"Member must have length greater than or equal to {rule.MinLength}"));
        }

        if (value.Length > rule.MaxLength)
        {
            _violations.Add(ValidationMessage.Violation(shown, member, $"Member must have length less than or equal to {rule.MaxLength}"));
        }

        if (rule.Pattern is not null && !rule.Pattern.IsMatch(value))
        {
            _violations.Add(ValidationMessage.Violation(shown, member, "Member must satisfy regular expression pattern: " + rule.Pattern.Text));
        }
    }

    /// <summary>AWS names members in messages with a lower-case first letter: RoleSessionName → roleSessionName.</summary>
    private static string Member(string name) =>
        name.Length == 0 ? name : char.ToLowerInvariant(name[0]) + name[1..];
}
