using System.Text.Json.Serialization;

namespace TokenBroker.Host.Oidc;

/// <summary>Source-generated JSON for <see cref="OidcError"/> (Native AOT).</summary>
[JsonSerializable(typeof(OidcError))]
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
internal sealed partial class OidcErrorJsonContext : JsonSerializerContext;
