namespace TokenBroker.Host.Tests.EndToEnd;

/// <summary>A broker that caches no revocation cutoff, so a cutoff set in the store applies to the next request.</summary>
public sealed class ZeroRevocationCacheBrokerFixture : BrokerFixture
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
        [new("TOKENBROKER_REVOCATION_CACHE_SECONDS", "0")];
}
