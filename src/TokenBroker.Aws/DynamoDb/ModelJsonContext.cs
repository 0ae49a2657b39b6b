using System.Text.Json.Serialization;
using TokenBroker.Core.Audit;
using TokenBroker.Core.Model;

namespace TokenBroker.Aws.DynamoDb;

/// <summary>Source-generated JSON for directory and audit records stored in the <c>data</c> attribute (trim- and AOT-safe).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    Converters = [typeof(AccountIdJsonConverter), typeof(AccessKeyIdJsonConverter)])]
[JsonSerializable(typeof(IamUser))]
[JsonSerializable(typeof(IamGroup))]
[JsonSerializable(typeof(IamRole))]
[JsonSerializable(typeof(ManagedPolicy))]
[JsonSerializable(typeof(AccessKey))]
[JsonSerializable(typeof(MfaDevice))]
[JsonSerializable(typeof(AuditRecord))]
[JsonSerializable(typeof(SamlProviderItem))]
[JsonSerializable(typeof(OidcProviderItem))]
internal sealed partial class ModelJsonContext : JsonSerializerContext;
