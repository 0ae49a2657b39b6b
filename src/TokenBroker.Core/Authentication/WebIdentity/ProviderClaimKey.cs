namespace TokenBroker.Core.Authentication.WebIdentity;

/// <summary>
/// One provider-specific condition key: <c>&lt;provider&gt;:<see cref="Name"/></c> carries the claim found by following
/// <see cref="Path"/> from the token's top level (Google's <c>google/organization_number</c> is the
/// <c>organization_number</c> member of the <c>google</c> object; CircleCI's claim name itself contains a slash).
/// </summary>
internal sealed record ProviderClaimKey(string Name, IReadOnlyList<string> Path)
{
    /// <summary>A key whose claim is the top-level claim of the same name.</summary>
    public static ProviderClaimKey TopLevel(string name) => new(name, [name]);
}
