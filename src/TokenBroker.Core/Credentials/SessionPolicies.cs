using System.Text.Json;

namespace TokenBroker.Core.Credentials;

/// <summary>The session policies a session carries: the inline Policy (minified JSON) and the PolicyArns.</summary>
public sealed record SessionPolicies(string? InlinePolicy, IReadOnlyList<string> PolicyArns)
{
    /// <summary>No session policies.</summary>
    public static SessionPolicies None { get; } = new(null, []);

    /// <summary>True when neither an inline policy nor managed policy ARNs were passed.</summary>
    public bool IsEmpty => InlinePolicy is null && PolicyArns.Count == 0;

    /// <summary>
    /// Packs session policies for tests and tools that build grants directly; the inline document must be valid JSON.
    /// Operations get theirs from <see cref="Authorization.PolicyResolver.CompileRequested"/>, which checks them first.
    /// </summary>
    internal static SessionPolicies Create(string? inlinePolicy, IReadOnlyList<string>? policyArns) =>
        new(inlinePolicy is null ? null : Minify(inlinePolicy), policyArns ?? []);

    /// <summary>The document without insignificant whitespace, so whitespace costs no token space.</summary>
    internal static string Minify(string json)
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
