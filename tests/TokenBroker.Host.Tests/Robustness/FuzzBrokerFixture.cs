using TokenBroker.Core.Model;
using TokenBroker.Host.Tests.EndToEnd;
using TokenBroker.Host.Tests.Saml;

namespace TokenBroker.Host.Tests.Robustness;

/// <summary>
/// The end-to-end directory plus the SAML test account, which also registers an OIDC provider whose keys cannot be
/// fetched (port 1): generated tokens that name it reach header parsing and the key lookup, and fail there.
/// </summary>
public sealed class FuzzBrokerFixture : BrokerFixture, IDisposable
{
    public const string OidcIssuer = "https://127.0.0.1:1/fuzz";

    public TestIdp Idp { get; } = new();

    protected override DirectorySnapshot Snapshot()
    {
        var saml = SamlDirectory.Snapshot(Idp).Accounts[0];
        var oidc = OidcProvider.Create(saml.Id, OidcIssuer, ["client-1"]);
        return new DirectorySnapshot([.. TestDirectory.Snapshot().Accounts, saml with { OidcProviders = [oidc] }]);
    }

    // Every generated input fails: without this, the per-address failure limit would answer Throttling after the first
    // hundred and the property would stop exercising the parsers.
    protected override IEnumerable<KeyValuePair<string, string?>> Settings() => [new("TOKENBROKER_RATE_SOURCE_FAILURES", "0")];

    public void Dispose() => Idp.Dispose();
}
