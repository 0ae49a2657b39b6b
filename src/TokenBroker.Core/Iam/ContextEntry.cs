namespace TokenBroker.Core.Iam;

/// <summary>A simulator ContextEntries member: a condition key, its values and its type (string, stringList, numeric, …).</summary>
/// <param name="ContextKeyName">The condition key, for example aws:SourceIp.</param>
/// <param name="ContextKeyValues">Its values.</param>
/// <param name="ContextKeyType">Its type; the *List types make the key multivalued.</param>
public sealed record ContextEntry(string ContextKeyName, IReadOnlyList<string> ContextKeyValues, string? ContextKeyType);
