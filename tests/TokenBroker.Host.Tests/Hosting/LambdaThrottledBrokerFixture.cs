namespace TokenBroker.Host.Tests.Hosting;

/// <summary>The Lambda-hosted broker with each source address allowed three failures (the buckets refill hourly).</summary>
public sealed class LambdaThrottledBrokerFixture : LambdaBrokerFixture
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
    [
        new("TOKENBROKER_RATE_SOURCE_FAILURES", "3"),
        new("TOKENBROKER_RATE_SOURCE_BURST", "3"),
        new("TOKENBROKER_RATE_PERIOD_SECONDS", "3600"),
    ];
}
