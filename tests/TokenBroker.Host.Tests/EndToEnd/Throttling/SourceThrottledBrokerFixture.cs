namespace TokenBroker.Host.Tests.EndToEnd.Throttling;

/// <summary>A broker that lets each source address fail three times, then refuses it (the buckets refill hourly).</summary>
public sealed class SourceThrottledBrokerFixture : BrokerFixture
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
    [
        new("TOKENBROKER_RATE_SOURCE_FAILURES", "3"),
        new("TOKENBROKER_RATE_SOURCE_BURST", "3"),
        new("TOKENBROKER_RATE_KEY_REQUESTS", "0"),
        new("TOKENBROKER_RATE_PERIOD_SECONDS", "3600"),
    ];
}
