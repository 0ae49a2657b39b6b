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
    /// <summary>The combined policy (or null when none matches) and whether every matching document compiled.</summary>
    public static (CompiledPolicy? Policy, bool Valid) For(ServiceCatalog service, string resource, PolicyCache cache)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(cache);
        var matching = service.ResourcePolicies.Where(p => Glob.IsMatch(p.Resource, resource)).ToList();
        if (matching.Count == 0)
        {
            return (null, true);
        }

        var document = matching.Count == 1 ? matching[0].Document : Merge(matching);
        var parsed = document is null ? null : cache.GetOrParse(document, PolicyKind.Resource);
        return parsed is { IsValid: true } ? (parsed.Policy, true) : (null, false);
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
