namespace TokenBroker.Policy.Json;

/// <summary>The JSON value types a policy document can hold.</summary>
internal enum JsonKind
{
    Object,
    Array,
    String,
    Number,
    True,
    False,
    Null,
}
