using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using TokenBroker.Core.Model;

namespace TokenBroker.Embedded.Sqlite;

/// <summary>Source-generated JSON for the list columns of the directory tables (trim- and AOT-safe).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(IReadOnlyList<InlinePolicy>))]
[JsonSerializable(typeof(IReadOnlyList<string>))]
[JsonSerializable(typeof(IReadOnlyList<Tag>))]
[JsonSerializable(typeof(IReadOnlyDictionary<string, string>))]
internal sealed partial class DirectoryJsonContext : JsonSerializerContext
{
    /// <summary>
    /// The context used for the columns: the columns never reach HTML, so quotes and non-ASCII characters inside
    /// policy documents are stored as written rather than as \u escapes, which keeps the database readable.
    /// </summary>
    public static DirectoryJsonContext Columns { get; } = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
