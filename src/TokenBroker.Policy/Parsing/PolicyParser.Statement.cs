using TokenBroker.Policy.Compiled;
using TokenBroker.Policy.Conditions;
using TokenBroker.Policy.Json;
using TokenBroker.Policy.Matching;

namespace TokenBroker.Policy.Parsing;

/// <summary>Statement elements: Sid, Effect, Principal/NotPrincipal, Action/NotAction, Resource/NotResource, Condition.</summary>
internal sealed partial class PolicyParser
{
    private static readonly HashSet<string> StatementElements = new(StringComparer.Ordinal)
    {
        "Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition",
    };

    private CompiledStatement? ParseStatement(JsonValue element, int index)
    {
        if (element.Kind != JsonKind.Object)
        {
            Error(element.Path, PolicyMessages.Syntax);
            return null;
        }

        var errorsBefore = _errors.Count;
        foreach (var (name, value) in element.Properties)
        {
            if (!StatementElements.Contains(name))
            {
                Error(value.Path, PolicyMessages.Syntax);
            }
        }

        var sid = ParseSid(element.Get("Sid"));
        var isAllow = ParseEffect(element);
        var principals = ParsePrincipalElement(element);
        var actions = ParseActions(element);
        var resources = ParseResources(element);
        var conditions = element.Get("Condition") is { } condition ? ParseCondition(condition, isAllow) : [];
        if (_errors.Count != errorsBefore)
        {
            return null;
        }

        return new CompiledStatement(index, sid, isAllow, actions, resources, principals, conditions);
    }

    /// <summary>IAM Sids are alphanumeric and unique within the policy (reference_policies_elements_sid).</summary>
    private string? ParseSid(JsonValue? value)
    {
        if (value is null)
        {
            return null;
        }

        if (!value.IsString)
        {
            Error(value.Path, PolicyMessages.Syntax);
            return null;
        }

        var sid = value.Text!;
        if (_kind != PolicyKind.Resource && !sid.All(char.IsAsciiLetterOrDigit))
        {
            Error(value.Path, PolicyMessages.SidAlphanumeric);
        }
        else if (sid.Length > 0 && !_sids.Add(sid))
        {
            Error(value.Path, PolicyMessages.SidUnique);
        }

        return sid;
    }

    private bool ParseEffect(JsonValue statement)
    {
        var value = statement.Get("Effect");
        if (value is null)
        {
            Error(statement.Path + ".Effect", PolicyMessages.MissingEffect);
            return false;
        }

        if (!value.IsString)
        {
            Error(value.Path, PolicyMessages.Syntax);
            return false;
        }

        var isAllow = string.Equals(value.Text, "Allow", StringComparison.OrdinalIgnoreCase);
        if (!isAllow && !string.Equals(value.Text, "Deny", StringComparison.OrdinalIgnoreCase))
        {
            Error(value.Path, PolicyMessages.InvalidEffect(value.Text!));
        }

        return isAllow;
    }

    private (Pattern[] Patterns, bool IsNot) ParseActions(JsonValue statement)
    {
        var (value, isNot) = Exclusive(statement, "Action", "NotAction");
        if (value is null)
        {
            Error(statement.Path + ".Action", PolicyMessages.MissingActions);
            return ([], false);
        }

        var texts = StringList(value, PolicyMessages.MissingActions);
        foreach (var (text, node) in texts)
        {
            ValidateAction(text, node, isNot);
        }

        return ([.. texts.Select(t => Pattern.Compile(t.Text, glob: true, variables: false))], isNot);
    }

    /// <summary>Actions are <c>*</c> or <c>vendor:name</c> with exactly one colon (IAM MalformedPolicyDocument rules).</summary>
    private void ValidateAction(string action, JsonValue node, bool isNot)
    {
        if (action == "*")
        {
            return;
        }

        var colon = action.IndexOf(':', StringComparison.Ordinal);
        var vendor = colon < 0 ? action : action[..colon];
        if (colon < 0)
        {
            Error(node.Path, PolicyMessages.ActionVendor);
        }
        else if (action.IndexOf(':', colon + 1) >= 0)
        {
            Error(node.Path, PolicyMessages.ActionColon);
        }
        else if (vendor.Length == 0 || !vendor.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.'))
        {
            Error(node.Path, PolicyMessages.InvalidVendor(vendor));
        }
        else if (_kind == PolicyKind.Trust && !isNot && !string.Equals(vendor, "sts", StringComparison.OrdinalIgnoreCase))
        {
            // A role trust policy can only grant the sts:AssumeRole* family (and TagSession, SetSourceIdentity).
            Error(node.Path, PolicyMessages.TrustActions);
        }
    }

    private (ArnPattern[]? Patterns, bool IsNot) ParseResources(JsonValue statement)
    {
        if (_kind == PolicyKind.Trust)
        {
            foreach (var field in (string[])["Resource", "NotResource"])
            {
                if (statement.Get(field) is { } prohibited)
                {
                    Error(prohibited.Path, PolicyMessages.ProhibitedField(field));
                }
            }

            return (null, false);
        }

        var (value, isNot) = Exclusive(statement, "Resource", "NotResource");
        if (value is null)
        {
            Error(statement.Path + ".Resource", PolicyMessages.MissingResources);
            return ([], false);
        }

        var texts = StringList(value, PolicyMessages.MissingResources);
        foreach (var (text, node) in texts)
        {
            ValidateResource(text, node);
        }

        return ([.. texts.Select(t => ArnPattern.Compile(t.Text, _variables, resourceElement: true, notResource: isNot))], isNot);
    }

    private void ValidateResource(string resource, JsonValue node)
    {
        if (ResourceArnRules.Check(resource) is { } message)
        {
            Error(node.Path, message);
        }
    }

    /// <summary>Reads one of two mutually exclusive elements; both present is a syntax error.</summary>
    private (JsonValue? Value, bool IsNot) Exclusive(JsonValue statement, string positive, string negative)
    {
        var plain = statement.Get(positive);
        var not = statement.Get(negative);
        if (plain is not null && not is not null)
        {
            Error(not.Path, PolicyMessages.Syntax);
        }

        return plain is not null ? (plain, false) : (not, not is not null);
    }

    /// <summary>A string or a non-empty array of strings; an empty array is AWS's "must contain" error (reference/policy.md §4.10).</summary>
    private List<(string Text, JsonValue Node)> StringList(JsonValue value, string emptyMessage)
    {
        var result = new List<(string, JsonValue)>();
        if (value.IsString)
        {
            result.Add((value.Text!, value));
            return result;
        }

        if (value.Kind != JsonKind.Array)
        {
            Error(value.Path, PolicyMessages.Syntax);
            return result;
        }

        if (value.Items.Count == 0)
        {
            Error(value.Path, emptyMessage);
        }

        foreach (var item in value.Items)
        {
            if (item.IsString)
            {
                result.Add((item.Text!, item));
            }
            else
            {
                Error(item.Path, PolicyMessages.Syntax);
            }
        }

        return result;
    }
}
