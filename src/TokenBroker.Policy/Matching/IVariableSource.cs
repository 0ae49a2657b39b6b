namespace TokenBroker.Policy.Matching;

/// <summary>Resolves policy variables (<c>${aws:username}</c>) against the request context.</summary>
internal interface IVariableSource
{
    /// <summary>Gets the single value of a context key; false when the key is absent or multivalued.</summary>
    bool TryGetSingleValue(string key, out string value);
}
