using System.Text.Json.Serialization;
using TokenBroker.Core.Model;

namespace TokenBroker.Embedded.Sqlite;

/// <summary>Source-generated JSON for the list columns of the directory tables (trim- and AOT-safe).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(IReadOnlyList<InlinePolicy>))]
[JsonSerializable(typeof(IReadOnlyList<string>))]
[JsonSerializable(typeof(IReadOnlyList<Tag>))]
internal sealed partial class DirectoryJsonContext : JsonSerializerContext;
