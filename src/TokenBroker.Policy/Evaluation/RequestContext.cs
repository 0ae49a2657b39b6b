using TokenBroker.Policy.Matching;

namespace TokenBroker.Policy.Evaluation;

/// <summary>
/// The request context keys of an authorization request. Key names compare without case (IAM User Guide,
/// reference_policies_elements_condition); a key set from an array is multivalued even with one element.
/// </summary>
public sealed class RequestContext : IVariableSource
{
    private readonly Dictionary<string, ContextValue> _values;

    /// <summary>Creates an empty context.</summary>
    public RequestContext()
        : this(0)
    {
    }

    /// <summary>Creates an empty context with room for <paramref name="capacity"/> keys before it grows.</summary>
    public RequestContext(int capacity)
    {
        _values = new Dictionary<string, ContextValue>(capacity, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Gets the number of keys.</summary>
    public int Count => _values.Count;

    /// <summary>Gets the key names.</summary>
    public IEnumerable<string> Keys => _values.Keys;

    /// <summary>Sets a single-valued key, replacing any previous value.</summary>
    public RequestContext Set(string key, string value)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        _values[key] = ContextValue.Single(value);
        return this;
    }

    /// <summary>Sets a multivalued key, replacing any previous value.</summary>
    public RequestContext SetMultiValued(string key, IEnumerable<string> values)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(values);
        _values[key] = new ContextValue([.. values], isMultiValued: true);
        return this;
    }

    /// <summary>Sets every key of <paramref name="other"/> here, replacing any previous value; the values are immutable and shared.</summary>
    public RequestContext SetFrom(RequestContext other)
    {
        ArgumentNullException.ThrowIfNull(other);
        foreach (var (key, value) in other._values)
        {
            _values[key] = value;
        }

        return this;
    }

    /// <summary>Gets a value indicating whether the key is present.</summary>
    public bool Contains(string key) => _values.ContainsKey(key);

    /// <summary>Gets the values of a key.</summary>
    public bool TryGetValues(string key, out IReadOnlyList<string> values)
    {
        var found = _values.TryGetValue(key, out var value);
        values = found ? value!.Values : [];
        return found;
    }

    /// <inheritdoc />
    public bool TryGetSingleValue(string key, out string value)
    {
        // Policy variables resolve only from single-valued keys (IAM User Guide, reference_policies_variables).
        if (_values.TryGetValue(key, out var entry) && !entry.IsMultiValued && entry.Values.Length == 1)
        {
            value = entry.Values[0];
            return true;
        }

        value = string.Empty;
        return false;
    }

    internal ContextValue? Find(string key) => _values.GetValueOrDefault(key);

    /// <summary>Copies the keys; values are immutable and shared.</summary>
    internal RequestContext Copy()
    {
        var copy = new RequestContext(_values.Count + 4);
        foreach (var (key, value) in _values)
        {
            copy._values[key] = value;
        }

        return copy;
    }
}
