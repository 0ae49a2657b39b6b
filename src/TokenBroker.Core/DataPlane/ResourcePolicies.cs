using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using TokenBroker.Policy;
using TokenBroker.Policy.Compiled;

namespace TokenBroker.Core.DataPlane;

/// <summary>
/// The resource-based policy of one resource: the statements of every resource policy of the service whose ARN pattern
/// matches it, as one policy (statements of policies of one type combine with OR). Null when none applies; a document
/// that does not compile fails the request closed.
/// </summary>
public static class ResourcePolicies
{
    private static readonly ConditionalWeakTable<ServiceResourcePolicy, PolicyParseResult> Compiled = new();

    /// <summary>The combined policy (or null when none matches) and whether every matching document compiled.</summary>
    public static (CompiledPolicy? Policy, bool Valid) For(ServiceCatalog service, string resource, PolicyCache cache)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(cache);
        ServiceResourcePolicy? first = null;
        List<ServiceResourcePolicy>? matching = null;
        foreach (var policy in service.ResourcePolicies)
        {
            if (!Glob.IsMatch(policy.Resource, resource))
            {
                continue;
            }

            if (first is null)
            {
                first = policy;
            }
            else
            {
                (matching ??= [first]).Add(policy);
            }
        }

        if (first is null)
        {
            return (null, true);
        }

        var parsed = matching is null ? Compile(first, cache) : Merge(matching) is { } merged ? cache.GetOrParse(merged, PolicyKind.Resource) : null;
        return parsed is { IsValid: true } ? (parsed.Policy, true) : (null, false);
    }

    /// <summary>
    /// One resource policy's compiled form, kept beside the (immutable) catalog record it came from, so a decision does not
    /// hash the document again to find it in the policy cache.
    /// </summary>
    private static PolicyParseResult Compile(ServiceResourcePolicy policy, PolicyCache cache)
    {
        if (!Compiled.TryGetValue(policy, out var parsed))
        {
            parsed = cache.GetOrParse(policy.Document, PolicyKind.Resource);
            Compiled.AddOrUpdate(policy, parsed);
        }

        return parsed;
    }

    private static string? Merge(List<ServiceResourcePolicy> policies)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("Version", "2012-10-17");
            json.WriteStartArray("Statement");
            foreach (var policy in policies)
            {
                using var document = JsonDocument.Parse(policy.Document);
                if (!document.RootElement.TryGetProperty("Statement", out var statements))
                {
                    return null;
                }

                foreach (var statement in statements.ValueKind == JsonValueKind.Array ? statements.EnumerateArray().ToList() : [statements])
                {
                    statement.WriteTo(json);
                }
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
