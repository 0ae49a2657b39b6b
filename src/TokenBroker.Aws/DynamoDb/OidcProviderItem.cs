using TokenBroker.Core.Model;

namespace TokenBroker.Aws.DynamoDb;

/// <summary>The stored form of an <see cref="OidcProvider"/>, which is only made through its validating factory.</summary>
internal sealed record OidcProviderItem(
    AccountId Account, string Url, IReadOnlyList<string> ClientIds, IReadOnlyList<string> Thumbprints, IReadOnlyList<string>? AllowedAlgorithms, bool AllowHttpLoopback)
{
    public static OidcProviderItem From(OidcProvider provider) => new(
        provider.Account, provider.Url, provider.ClientIds, provider.Thumbprints, provider.AllowedAlgorithms?.ToList(), provider.AllowHttpLoopback);

    public OidcProvider ToProvider() => OidcProvider.Create(
        Account, Url, ClientIds, Thumbprints, AllowedAlgorithms?.ToHashSet(StringComparer.Ordinal), AllowHttpLoopback);
}
