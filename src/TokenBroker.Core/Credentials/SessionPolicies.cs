using System.Text.Json;

namespace TokenBroker.Core.Credentials;

/// <summary>The session policies a session carries: the inline Policy (minified JSON) and the PolicyArns.</summary>
public sealed record SessionPolicies(string? InlinePolicy, IReadOnlyList<string> PolicyArns)
{
    /// <summary>No session policies.</summary>
    public static SessionPolicies None { get; } = new(null, []);

    /// <summary>True when neither an inline policy nor managed policy ARNs were passed.</summary>
    public bool IsEmpty => InlinePolicy is null && PolicyArns.Count == 0;

    /// <summary>Packs already validated session policies: the inline document is minified so whitespace costs no token space.</summary>
    public static SessionPolicies Create(string? inlinePolicy, IReadOnlyList<string>? policyArns) =>
        new(inlinePolicy is null ? null : Minify(inlinePolicy), policyArns ?? []);

    private static string Minify(string json)
    {
        using var document = JsonDocument.Parse(json);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            document.WriteTo(writer);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
