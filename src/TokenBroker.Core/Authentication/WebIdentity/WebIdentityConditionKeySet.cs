namespace TokenBroker.Core.Authentication.WebIdentity;

/// <summary>Condition keys of a token (names compared case-insensitively) and which of them are multi-valued.</summary>
internal sealed record WebIdentityConditionKeySet(
    IReadOnlyDictionary<string, IReadOnlyList<string>> Values, IReadOnlySet<string> MultiValued);
