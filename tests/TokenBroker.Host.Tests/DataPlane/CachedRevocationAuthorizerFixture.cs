namespace TokenBroker.Host.Tests.DataPlane;

/// <summary>A Lambda authorizer that caches revocation cutoffs for 30 seconds (TOKENBROKER_REVOCATION_CACHE_SECONDS), as a deployment would.</summary>
public sealed class CachedRevocationAuthorizerFixture : LambdaAuthorizerFixture
{
    protected override IEnumerable<KeyValuePair<string, string?>> AuthorizerSettings() => [new("TOKENBROKER_REVOCATION_CACHE_SECONDS", "30")];
}
