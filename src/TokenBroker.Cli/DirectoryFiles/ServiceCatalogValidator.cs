using System.Text.RegularExpressions;
using TokenBroker.Core.DataPlane;
using TokenBroker.Core.Model;
using TokenBroker.Policy;

namespace TokenBroker.Cli.DirectoryFiles;

/// <summary>
/// Checks the <c>services</c> of a directory file: unique prefixes and names, AWS's five access levels, ARN templates
/// whose variables are known (${Partition}, ${Region}, ${Account} or a variable of every route that names the type),
/// routes naming declared actions and resource types, valid resource policies, and proxy keys.
/// </summary>
internal sealed partial class ServiceCatalogValidator(FileErrors errors)
{
    private static readonly string[] Methods = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "*"];
    private readonly HashSet<string> _proxyKeyIds = new(StringComparer.Ordinal);

    /// <summary>Adds every problem of <paramref name="services"/> to the errors; <paramref name="accounts"/> are the file's account ids.</summary>
    public void Validate(IReadOnlyList<ServiceEntry> services, IReadOnlySet<string> accounts)
    {
        var prefixes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var service in services)
        {
            var prefix = service.Prefix.Value;
            if (!PrefixPattern().IsMatch(prefix))
            {
                errors.Add(service.Prefix.Line, $"service prefix '{prefix}' must be 1 to 64 lower-case letters, digits and hyphens, starting with a letter.");
            }
            else if (BuiltInCatalogs.All.Any(c => c.Prefix == prefix))
            {
                errors.Add(service.Prefix.Line, $"service prefix '{prefix}' is the broker's own; choose another.");
            }
            else if (!prefixes.Add(prefix))
            {
                errors.Add(service.Prefix.Line, $"service '{prefix}' appears more than once.");
            }

            if (!accounts.Contains(service.Account.Value))
            {
                errors.Add(service.Account.Line, $"service '{prefix}' names account '{service.Account.Value}', which is not an account of this file.");
            }

            ValidateService(service);
        }
    }

    private void ValidateService(ServiceEntry service)
    {
        var prefix = service.Prefix.Value;
        var types = new Dictionary<string, ResourceTypeEntry>(StringComparer.Ordinal);
        foreach (var type in service.ResourceTypes)
        {
            if (!NamePattern().IsMatch(type.Name.Value) || !types.TryAdd(type.Name.Value, type))
            {
                errors.Add(type.Name.Line, $"resource type '{type.Name.Value}' must be a unique name of letters, digits, hyphens and underscores.");
            }

            var parts = type.Arn.Value.Split(':', 6);
            if (parts.Length != 6 || parts[0] != "arn" || parts[2] != prefix || ArnTemplate.Variables(type.Arn.Value) is null)
            {
                errors.Add(type.Arn.Line, $"ARN template '{type.Arn.Value}' must read arn:PARTITION:{prefix}:REGION:ACCOUNT:RESOURCE, with variables written ${{Name}}.");
            }
        }

        var actions = new Dictionary<string, ServiceActionEntry>(StringComparer.OrdinalIgnoreCase);
        foreach (var action in service.Actions)
        {
            if (!ActionPattern().IsMatch(action.Name.Value) || !actions.TryAdd(action.Name.Value, action))
            {
                errors.Add(action.Name.Line, $"action '{action.Name.Value}' must be a unique name of letters and digits, starting with a letter (names compare ignoring case).");
            }

            if (!AccessLevels.TryParse(action.AccessLevel.Value, out _))
            {
                errors.Add(action.AccessLevel.Line,
                    $"access level '{action.AccessLevel.Value}' must be one of AWS's: {string.Join(", ", AccessLevels.All.Select(AccessLevels.Name))}.");
            }

            foreach (var type in action.ResourceTypes.Where(t => !types.ContainsKey(t.Value)))
            {
                errors.Add(type.Line, $"action '{action.Name.Value}' names resource type '{type.Value}', which service '{prefix}' does not declare.");
            }

            foreach (var key in action.ConditionKeys.Where(k => k.Value.IndexOf(':', StringComparison.Ordinal) <= 0))
            {
                errors.Add(key.Line, $"condition key '{key.Value}' must be written service:Key, for example {prefix}:Priority or aws:TagKeys.");
            }
        }

        foreach (var route in service.Routes)
        {
            ValidateRoute(prefix, route, actions, types);
        }

        foreach (var policy in service.ResourcePolicies)
        {
            if (!policy.Resource.Value.StartsWith("arn:", StringComparison.Ordinal))
            {
                errors.Add(policy.Resource.Line, $"resource policy pattern '{policy.Resource.Value}' must be an ARN pattern (arn:…, * and ? allowed).");
            }

            foreach (var error in PolicyDocument.Parse(policy.Document.Value, PolicyKind.Resource).Errors)
            {
                errors.Add(policy.Document.Line, $"MalformedPolicyDocument: {error.Message} (at {error.Path})");
            }
        }

        foreach (var key in service.ProxyKeys)
        {
            if (!KeyIdPattern().IsMatch(key.Id.Value) || !_proxyKeyIds.Add(key.Id.Value))
            {
                errors.Add(key.Id.Line, $"proxy key id '{key.Id.Value}' must be unique across services: 1 to 64 letters, digits, '.', '_' or '-'.");
            }

            if (key.Secret is { Length: < ProxyKey.MinSecretLength })
            {
                errors.Add(key.Id.Line, $"proxy key '{key.Id.Value}' has a secret shorter than {ProxyKey.MinSecretLength} characters; omit it to have one generated.");
            }
        }
    }

    private void ValidateRoute(
        string prefix, RouteEntry route, Dictionary<string, ServiceActionEntry> actions, Dictionary<string, ResourceTypeEntry> types)
    {
        if (!Methods.Contains(route.Method.Value, StringComparer.Ordinal))
        {
            errors.Add(route.Method.Line, $"route method '{route.Method.Value}' must be one of {string.Join(", ", Methods)}.");
        }

        var variables = PathVariables(route.Path);
        if (!actions.TryGetValue(route.Action.Value, out var action))
        {
            errors.Add(route.Action.Line, $"route {route.Method.Value} {route.Path.Value} names action '{route.Action.Value}', which service '{prefix}' does not declare.");
            return;
        }

        if (route.Resource is not { } resource)
        {
            if (action.ResourceTypes.Count > 0)
            {
                errors.Add(route.Action.Line, $"route {route.Method.Value} {route.Path.Value} must name a resource: action '{action.Name.Value}' acts on {string.Join(", ", action.ResourceTypes.Select(t => t.Value))}.");
            }

            return;
        }

        if (!types.TryGetValue(resource.Value, out var type) || !action.ResourceTypes.Any(t => t.Value == resource.Value))
        {
            errors.Add(resource.Line, $"route resource '{resource.Value}' must be a resource type that action '{action.Name.Value}' declares.");
            return;
        }

        foreach (var name in ArnTemplate.Variables(type.Arn.Value) ?? [])
        {
            if (!ArnTemplate.BuiltInVariables.Contains(name) && variables is not null && !variables.Contains(name))
            {
                errors.Add(route.Path.Line, $"route {route.Method.Value} {route.Path.Value} does not give ${{{name}}}, which the ARN template of '{type.Name.Value}' needs.");
            }
        }
    }

    /// <summary>The {Variables} of a path template, or null (reported) when the path is malformed.</summary>
    private HashSet<string>? PathVariables(Located<string> path)
    {
        var variables = new HashSet<string>(StringComparer.Ordinal);
        var valid = path.Value.StartsWith('/');
        var segments = path.Value == "/" ? [] : path.Value[1..].Split('/');
        foreach (var segment in segments)
        {
            var isVariable = segment.Length > 2 && segment[0] == '{' && segment[^1] == '}';
            valid &= segment.Length > 0 && segment is not "." and not ".."
                && (isVariable ? segment[1..^1].All(char.IsAsciiLetterOrDigit) && variables.Add(segment[1..^1]) : !segment.Contains('{') && !segment.Contains('}'));
        }

        if (!valid)
        {
            errors.Add(path.Line, $"route path '{path.Value}' must start with '/', have no empty, '.' or '..' segments, and name each {{Variable}} once as a whole segment.");
            return null;
        }

        return variables;
    }

    [GeneratedRegex("^[a-z][a-z0-9-]{0,63}$")]
    private static partial Regex PrefixPattern();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{0,127}$")]
    private static partial Regex ActionPattern();

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex NamePattern();

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex KeyIdPattern();
}
