namespace TokenBroker.Core.Authentication.WebIdentity;

/// <summary>The condition-key values of one claim, and whether the key is multi-valued (the claim was an array).</summary>
internal sealed record ClaimValues(IReadOnlyList<string> Values, bool IsMultiValued);
