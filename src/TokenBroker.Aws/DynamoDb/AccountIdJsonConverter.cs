using System.Text.Json;
using System.Text.Json.Serialization;
using TokenBroker.Core.Model;

namespace TokenBroker.Aws.DynamoDb;

/// <summary>An <see cref="AccountId"/> as its twelve digits.</summary>
internal sealed class AccountIdJsonConverter : JsonConverter<AccountId>
{
    public override AccountId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        AccountId.TryParse(reader.GetString(), out var id) ? id : throw new JsonException("Not an account id.");

    public override void Write(Utf8JsonWriter writer, AccountId value, JsonSerializerOptions options) => writer.WriteStringValue(value.Value);
}
