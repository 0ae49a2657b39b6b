using System.Text;
using System.Text.Json;

namespace TokenBroker.Policy.Json;

/// <summary>
/// Reads a policy document into <see cref="JsonValue"/> nodes, rejecting what AWS rejects: comments, trailing commas
/// and duplicate keys (reference/policy.md §1.5 "Duplicate keys are not allowed").
/// </summary>
internal static class StrictJsonReader
{
    private const int MaxDepth = 32;

    public static JsonValue? Read(string json, out string? error)
    {
        error = null;
        var options = new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = MaxDepth };
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json), options);
        try
        {
            if (!reader.Read())
            {
                error = "$";
                return null;
            }

            var value = ReadValue(ref reader, null, null, 0, out error);
            if (value is not null && reader.Read())
            {
                error = "$";
                return null;
            }

            return value;
        }
        catch (JsonException exception)
        {
            error = $"$ (line {exception.LineNumber + 1}, byte {exception.BytePositionInLine + 1})";
            return null;
        }
        catch (InvalidOperationException)
        {
            // GetString throws on an escaped lone surrogate ("\ud800"): not text a policy can hold.
            error = "$";
            return null;
        }
    }

    private static JsonValue? ReadValue(ref Utf8JsonReader reader, JsonValue? parent, string? name, int index, out string? error)
    {
        error = null;
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                return ReadObject(ref reader, JsonValue.NewObject(parent, name, index), out error);
            case JsonTokenType.StartArray:
                return ReadArray(ref reader, JsonValue.NewArray(parent, name, index), out error);
            case JsonTokenType.String:
                return new JsonValue(JsonKind.String, parent, name, index, reader.GetString());
            case JsonTokenType.Number:
                return new JsonValue(JsonKind.Number, parent, name, index, Encoding.UTF8.GetString(reader.ValueSpan));
            case JsonTokenType.True:
                return new JsonValue(JsonKind.True, parent, name, index, "true");
            case JsonTokenType.False:
                return new JsonValue(JsonKind.False, parent, name, index, "false");
            case JsonTokenType.Null:
                return new JsonValue(JsonKind.Null, parent, name, index);
            default:
                error = new JsonValue(JsonKind.Null, parent, name, index).Path;
                return null;
        }
    }

    private static JsonValue? ReadObject(ref Utf8JsonReader reader, JsonValue value, out string? error)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            if (value.Get(name) is not null)
            {
                error = $"{value.Path}.{name}";
                return null;
            }

            reader.Read();
            var child = ReadValue(ref reader, value, name, 0, out error);
            if (child is null)
            {
                return null;
            }

            value.Properties.Add(new(name, child));
        }

        error = null;
        return value;
    }

    private static JsonValue? ReadArray(ref Utf8JsonReader reader, JsonValue value, out string? error)
    {
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var child = ReadValue(ref reader, value, null, value.Items.Count, out error);
            if (child is null)
            {
                return null;
            }

            value.Items.Add(child);
        }

        error = null;
        return value;
    }
}
