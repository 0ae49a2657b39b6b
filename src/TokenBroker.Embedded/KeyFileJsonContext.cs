using System.Text.Json.Serialization;

namespace TokenBroker.Embedded;

/// <summary>Source-generated JSON for <see cref="KeyFile"/> (trim- and AOT-safe).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(KeyFile))]
internal sealed partial class KeyFileJsonContext : JsonSerializerContext;
