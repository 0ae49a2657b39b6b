using System.Text.Json;
using TokenBroker.Policy.Evaluation;

namespace TokenBroker.Policy.Simulation;

/// <summary>Reads one request object of the <c>policy simulate</c> contract (docs/policy-simulate.md).</summary>
internal sealed class SimulationRequestReader
{
    private readonly PolicyCache _cache;
    private readonly List<string> _errors = [];

    public SimulationRequestReader(PolicyCache cache) => _cache = cache;

    public SimulationRequest Read(string line)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line);
        }
        catch (JsonException)
        {
            return new SimulationRequest(null, null, null, ["Request line is not valid JSON."]);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return new SimulationRequest(null, null, null, ["Request line must be a JSON object."]);
            }

            try
            {
                return Read(root);
            }
            catch (InvalidOperationException)
            {
                // A string with an escaped lone surrogate ("\ud800") parses but cannot be read as text.
                return new SimulationRequest(null, null, null, ["Request line is not valid JSON."]);
            }
        }
    }

    private SimulationRequest Read(JsonElement root)
    {
        var id = OptionalString(root, "id");
        var action = RequiredString(root, "action");
        var resourceArn = RequiredString(root, "resourceArn");
        if (id is null)
        {
            _errors.Add("Missing required field: id.");
        }

        var principalArn = OptionalString(root, "principalArn");
        var sessionIssuerArn = OptionalString(root, "sessionIssuerArn");
        var resourceAccount = OptionalString(root, "resourceAccount");
        var context = ReadContext(root);
        var policies = ReadPolicies(root);
        if (_errors.Count > 0 || action is null || resourceArn is null || policies is null)
        {
            return new SimulationRequest(id, null, null, _errors);
        }

        // The simulator's principal arrives as text: parsed here, once, at the edge.
        var request = new AuthorizationRequest(Principal.Parse(principalArn).WithIssuer(sessionIssuerArn), action, resourceArn, context, resourceAccount);
        return new SimulationRequest(id, request, policies, []);
    }

    private PolicySet? ReadPolicies(JsonElement root)
    {
        var identity = ReadPolicyList(root, "identityPolicies", "identity", PolicyKind.Identity);
        var session = ReadPolicyList(root, "sessionPolicies", "session", PolicyKind.Session);
        var boundary = root.TryGetProperty("permissionsBoundary", out var b) && b.ValueKind != JsonValueKind.Null
            ? ReadPolicy(b, "boundary", PolicyKind.PermissionsBoundary)
            : null;
        var resourceKind = OptionalString(root, "resourcePolicyKind") switch
        {
            null or "resource" => PolicyKind.Resource,
            "trust" => PolicyKind.Trust,
            var other => Invalid($"resourcePolicyKind must be \"resource\" or \"trust\", not \"{other}\"."),
        };
        var resource = root.TryGetProperty("resourcePolicy", out var r) && r.ValueKind != JsonValueKind.Null
            ? ReadPolicy(r, "resource", resourceKind)
            : null;
        return _errors.Count > 0 ? null : new PolicySet(identity, resource?.Policy, boundary?.Policy, session);
    }

    private PolicyKind Invalid(string message)
    {
        _errors.Add(message);
        return PolicyKind.Resource;
    }

    private List<Compiled.CompiledPolicy> ReadPolicyList(JsonElement root, string field, string slot, PolicyKind kind)
    {
        var policies = new List<Compiled.CompiledPolicy>();
        if (!root.TryGetProperty(field, out var list) || list.ValueKind == JsonValueKind.Null)
        {
            return policies;
        }

        if (list.ValueKind != JsonValueKind.Array)
        {
            _errors.Add($"{field} must be an array of policies.");
            return policies;
        }

        var index = 0;
        foreach (var item in list.EnumerateArray())
        {
            if (ReadPolicy(item, $"{slot}[{index++}]", kind)?.Policy is { } policy)
            {
                policies.Add(policy);
            }
        }

        return policies;
    }

    private PolicyParseResult? ReadPolicy(JsonElement element, string name, PolicyKind kind)
    {
        var text = element.ValueKind switch
        {
            JsonValueKind.String => element.GetString()!,
            JsonValueKind.Object => element.GetRawText(),
            _ => null,
        };
        if (text is null)
        {
            _errors.Add($"{name}: A policy must be a JSON object or a string holding the document.");
            return null;
        }

        var result = _cache.GetOrParse(text, kind);
        foreach (var error in result.Errors)
        {
            _errors.Add($"{name}: {error.Message}");
        }

        return result;
    }

    private RequestContext ReadContext(JsonElement root)
    {
        var context = new RequestContext();
        if (!root.TryGetProperty("context", out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return context;
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            _errors.Add("context must be a JSON object.");
            return context;
        }

        foreach (var property in element.EnumerateObject())
        {
            if (property.Value.ValueKind == JsonValueKind.Array)
            {
                var values = property.Value.EnumerateArray().Select(Scalar).ToList();
                if (values.Contains(null))
                {
                    _errors.Add($"context value of {property.Name} must be a string or an array of strings.");
                    continue;
                }

                context.SetMultiValued(property.Name, values!);
            }
            else if (Scalar(property.Value) is { } value)
            {
                context.Set(property.Name, value);
            }
            else
            {
                _errors.Add($"context value of {property.Name} must be a string or an array of strings.");
            }
        }

        return context;
    }

    private static string? Scalar(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => element.GetRawText(),
        _ => null,
    };

    private string? RequiredString(JsonElement root, string field)
    {
        var value = OptionalString(root, field);
        if (value is null && !_errors.Any(e => e.Contains(field, StringComparison.Ordinal)))
        {
            _errors.Add($"Missing required field: {field}.");
        }

        return value;
    }

    private string? OptionalString(JsonElement root, string field)
    {
        if (!root.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            _errors.Add($"{field} must be a string.");
            return null;
        }

        return value.GetString();
    }
}
