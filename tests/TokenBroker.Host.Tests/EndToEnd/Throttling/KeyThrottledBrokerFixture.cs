namespace TokenBroker.Host.Tests.EndToEnd.Throttling;

/// <summary>A broker that serves each access key id three requests, then refuses it (the buckets refill hourly).</summary>
public sealed class KeyThrottledBrokerFixture : BrokerFixture
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
    [
        new("TOKENBROKER_RATE_SOURCE_FAILURES", "0"),
        new("TOKENBROKER_RATE_KEY_REQUESTS", "3"),
        new("TOKENBROKER_RATE_KEY_BURST", "3"),
        new("TOKENBROKER_RATE_PERIOD_SECONDS", "3600"),
    ];
}
