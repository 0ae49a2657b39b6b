namespace TokenBroker.Policy.Json;

/// <summary>A parsed JSON value with the path it was read from, so validation errors can point at it.</summary>
internal sealed class JsonValue
{
    private static readonly List<KeyValuePair<string, JsonValue>> NoProperties = [];
    private static readonly List<JsonValue> NoItems = [];

    public JsonValue(JsonKind kind, string path, string? text = null)
    {
        Kind = kind;
        Path = path;
        Text = text;
    }

    public JsonKind Kind { get; }

    public string Path { get; }

    /// <summary>The string value, or the raw token text of a number or boolean.</summary>
    public string? Text { get; }

    public List<KeyValuePair<string, JsonValue>> Properties { get; private set; } = NoProperties;

    public List<JsonValue> Items { get; private set; } = NoItems;

    public bool IsString => Kind == JsonKind.String;

    public static JsonValue NewObject(string path) => new(JsonKind.Object, path) { Properties = [] };

    public static JsonValue NewArray(string path) => new(JsonKind.Array, path) { Items = [] };

    public JsonValue? Get(string name)
    {
        foreach (var property in Properties)
        {
            if (string.Equals(property.Key, name, StringComparison.Ordinal))
            {
                return property.Value;
            }
        }

        return null;
    }
}
