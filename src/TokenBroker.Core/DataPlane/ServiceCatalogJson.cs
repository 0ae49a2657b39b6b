using System.Text.Json;
using TokenBroker.Core.Model;

namespace TokenBroker.Core.DataPlane;

/// <summary>The one stored form of a service catalog (JSON), shared by the SQLite and DynamoDB directories; proxy keys appear only as hashes.</summary>
public static class ServiceCatalogJson
{
    /// <summary>The catalog as compact JSON.</summary>
    public static string Write(ServiceCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("prefix", catalog.Prefix);
            json.WriteString("account", catalog.Account.Value);
            WriteArray(json, "actions", catalog.Actions, (w, a) =>
            {
                w.WriteString("name", a.Name);
                w.WriteString("accessLevel", AccessLevels.Name(a.AccessLevel));
                WriteStrings(w, "resourceTypes", a.ResourceTypes);
                WriteStrings(w, "conditionKeys", a.ConditionKeys);
            });
            WriteArray(json, "resourceTypes", catalog.ResourceTypes, (w, t) =>
            {
                w.WriteString("name", t.Name);
                w.WriteString("arn", t.Arn);
            });
            WriteArray(json, "routes", catalog.Routes, (w, r) =>
            {
                w.WriteString("method", r.Method);
                w.WriteString("path", r.Path);
                w.WriteString("action", r.Action);
                if (r.Resource is not null)
                {
                    w.WriteString("resource", r.Resource);
                }
            });
            WriteArray(json, "resourcePolicies", catalog.ResourcePolicies, (w, p) =>
            {
                w.WriteString("resource", p.Resource);
                w.WriteString("document", p.Document);
            });
            WriteArray(json, "proxyKeys", catalog.ProxyKeys, (w, k) =>
            {
                w.WriteString("id", k.Id);
                w.WriteString("secretHash", k.SecretHash);
            });
            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>The catalog a stored JSON text holds; throws <see cref="InvalidDataException"/> for a damaged one.</summary>
    public static ServiceCatalog Read(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            return new ServiceCatalog(
                root.GetProperty("prefix").GetString()!,
                AccountId.Parse(root.GetProperty("account").GetString()!),
                Items(root, "actions", a => new ServiceAction(
                    Text(a, "name"),
                    AccessLevels.TryParse(Text(a, "accessLevel"), out var level) ? level : throw new InvalidDataException("Unknown access level."),
                    Strings(a, "resourceTypes"),
                    Strings(a, "conditionKeys"))),
                Items(root, "resourceTypes", t => new ServiceResourceType(Text(t, "name"), Text(t, "arn"))),
                Items(root, "routes", r => new ServiceRoute(
                    Text(r, "method"), Text(r, "path"), Text(r, "action"), r.TryGetProperty("resource", out var resource) ? resource.GetString() : null)),
                Items(root, "resourcePolicies", p => new ServiceResourcePolicy(Text(p, "resource"), Text(p, "document"))),
                Items(root, "proxyKeys", k => new ProxyKey(Text(k, "id"), Text(k, "secretHash"))));
        }
        catch (Exception exception) when (exception is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException("A stored service catalog is damaged.", exception);
        }
    }

    private static void WriteArray<T>(Utf8JsonWriter json, string name, IReadOnlyList<T> items, Action<Utf8JsonWriter, T> write)
    {
        json.WriteStartArray(name);
        foreach (var item in items)
        {
            json.WriteStartObject();
            write(json, item);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static void WriteStrings(Utf8JsonWriter json, string name, IReadOnlyList<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }

    private static List<T> Items<T>(JsonElement owner, string name, Func<JsonElement, T> read) =>
        owner.GetProperty(name).EnumerateArray().Select(read).ToList();

    private static List<string> Strings(JsonElement owner, string name) =>
        owner.GetProperty(name).EnumerateArray().Select(e => e.GetString()!).ToList();

    private static string Text(JsonElement owner, string name) => owner.GetProperty(name).GetString()!;
}
