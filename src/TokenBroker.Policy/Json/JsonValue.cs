namespace TokenBroker.Policy.Json;

/// <summary>A parsed JSON value with the path it was read from, so validation errors can point at it.</summary>
internal sealed class JsonValue
{
    private static readonly List<KeyValuePair<string, JsonValue>> NoProperties = [];
    private static readonly List<JsonValue> NoItems = [];

    private readonly JsonValue? _parent;
    private readonly string? _name;
    private readonly int _index;

    /// <summary>Creates a value; the path is built from the parent only when an error needs it.</summary>
    public JsonValue(JsonKind kind, JsonValue? parent, string? name, int index, string? text = null)
    {
        Kind = kind;
        _parent = parent;
        _name = name;
        _index = index;
        Text = text;
    }

    public JsonKind Kind { get; }

    public string Path => _parent is null
        ? "$"
        : _name is not null ? $"{_parent.Path}.{_name}" : $"{_parent.Path}[{_index}]";

    /// <summary>The string value, or the raw token text of a number or boolean.</summary>
    public string? Text { get; }

    public List<KeyValuePair<string, JsonValue>> Properties { get; private set; } = NoProperties;

    public List<JsonValue> Items { get; private set; } = NoItems;

    public bool IsString => Kind == JsonKind.String;

    public static JsonValue NewObject(JsonValue? parent, string? name, int index) =>
        new(JsonKind.Object, parent, name, index) { Properties = [] };

    public static JsonValue NewArray(JsonValue? parent, string? name, int index) =>
        new(JsonKind.Array, parent, name, index) { Items = [] };

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
