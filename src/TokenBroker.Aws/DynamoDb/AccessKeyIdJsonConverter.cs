using System.Text.Json;
using System.Text.Json.Serialization;
using TokenBroker.Core.Model;

namespace TokenBroker.Aws.DynamoDb;

/// <summary>An <see cref="AccessKeyId"/> as its text.</summary>
internal sealed class AccessKeyIdJsonConverter : JsonConverter<AccessKeyId>
{
    public override AccessKeyId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        AccessKeyId.TryParse(reader.GetString(), out var id) ? id : throw new JsonException("Not an access key id.");

    public override void Write(Utf8JsonWriter writer, AccessKeyId value, JsonSerializerOptions options) => writer.WriteStringValue(value.Value);
}
