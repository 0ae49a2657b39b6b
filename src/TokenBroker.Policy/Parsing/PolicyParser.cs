using TokenBroker.Policy.Compiled;
using TokenBroker.Policy.Json;

namespace TokenBroker.Policy.Parsing;

/// <summary>
/// Validates a policy document against the grammar (IAM User Guide, reference_policies_grammar) and AWS's rules
/// for its kind, then compiles it. Every error is collected with its JSON path.
/// </summary>
internal sealed partial class PolicyParser
{
    private const string Version2012 = "2012-10-17";
    private const string Version2008 = "2008-10-17";

    private readonly PolicyKind _kind;
    private readonly List<PolicyError> _errors = [];
    private readonly HashSet<string> _sids = new(StringComparer.Ordinal);
    private bool _variables;

    public PolicyParser(PolicyKind kind) => _kind = kind;

    private bool IsIdentityShaped => _kind is PolicyKind.Identity or PolicyKind.Session or PolicyKind.PermissionsBoundary;

    public PolicyParseResult Parse(string json)
    {
        if (!CheckText(json))
        {
            return Failed();
        }

        var root = StrictJsonReader.Read(json, out var jsonError);
        if (root is null)
        {
            Error(jsonError ?? "$", PolicyMessages.Syntax);
            return Failed();
        }

        if (root.Kind != JsonKind.Object)
        {
            Error("$", PolicyMessages.Syntax);
            return Failed();
        }

        var policy = ParseDocument(root);
        return _errors.Count == 0 && policy is not null ? new PolicyParseResult(policy, []) : Failed();
    }

    /// <summary>
    /// IAM accepts only TAB, LF, CR and U+0020–U+00FF, and counts size without whitespace (IAM User Guide,
    /// reference_iam-quotas). Resource-based policies belong to other services, which accept Unicode.
    /// </summary>
    private bool CheckText(string json)
    {
        if (_kind != PolicyKind.Resource
            && json.AsSpan().ContainsAnyExceptInRange('\u0020', '\u00FF') && ContainsForbidden(json))
        {
            Error("$", PolicyMessages.CharacterSet);
            return false;
        }

        var size = 0;
        foreach (var c in json)
        {
            if (!char.IsWhiteSpace(c))
            {
                size++;
            }
        }

        if (size > PolicySizeLimits.For(_kind))
        {
            Error("$", PolicySizeLimits.Message(_kind));
            return false;
        }

        return true;
    }

    private static bool ContainsForbidden(string json)
    {
        foreach (var c in json)
        {
            if (c is not ('\t' or '\n' or '\r' or (>= '\u0020' and <= '\u00FF')))
            {
                return true;
            }
        }

        return false;
    }

    private CompiledPolicy? ParseDocument(JsonValue root)
    {
        var version = Version2008;
        JsonValue? statementElement = null;
        foreach (var (name, value) in root.Properties)
        {
            switch (name)
            {
                case "Version":
                    version = ParseVersion(value) ?? version;
                    break;
                case "Id":
                    ParseId(value);
                    break;
                case "Statement":
                    statementElement = value;
                    break;
                default:
                    Error(value.Path, PolicyMessages.Syntax);
                    break;
            }
        }

        // Policy variables exist only in version 2012-10-17; elsewhere "${" is literal text (reference_policies_variables).
        _variables = string.Equals(version, Version2012, StringComparison.Ordinal);
        if (statementElement is null)
        {
            Error("$", PolicyMessages.Syntax);
            return null;
        }

        var statements = ParseStatements(statementElement);
        return statements is null ? null : new CompiledPolicy(_kind, version, statements);
    }

    private string? ParseVersion(JsonValue value)
    {
        if (!value.IsString)
        {
            Error(value.Path, PolicyMessages.Syntax);
            return null;
        }

        if (value.Text is not (Version2012 or Version2008))
        {
            Error(value.Path, PolicyMessages.FailedLegacyParsing);
            return null;
        }

        return value.Text;
    }

    /// <summary>"ID is allowed in resource-based policies, but not in identity-based policies" (reference_policies_elements_id).</summary>
    private void ParseId(JsonValue value)
    {
        if (!value.IsString)
        {
            Error(value.Path, PolicyMessages.Syntax);
        }
        else if (IsIdentityShaped)
        {
            Error(value.Path, PolicyMessages.ProhibitedField("Id"));
        }
    }

    private CompiledStatement[]? ParseStatements(JsonValue element)
    {
        List<JsonValue> items;
        if (element.Kind == JsonKind.Object)
        {
            items = [element];
        }
        else if (element.Kind == JsonKind.Array)
        {
            items = element.Items;
        }
        else
        {
            Error(element.Path, PolicyMessages.Syntax);
            return null;
        }

        if (items.Count == 0)
        {
            Error(element.Path, PolicyMessages.EmptyStatement);
            return null;
        }

        var statements = new CompiledStatement[items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            if (ParseStatement(items[i], i) is { } statement)
            {
                statements[i] = statement;
            }
        }

        return _errors.Count == 0 ? statements : null;
    }

    private void Error(string path, string message) => _errors.Add(new PolicyError(path, message));

    private PolicyParseResult Failed() => new(null, _errors);
}
