namespace TokenBroker.Host.Tests.EndToEnd;

/// <summary>A broker that tolerates an hour of clock skew, so tests can move its clock past a 15-minute session's expiry.</summary>
public sealed class WideSkewBrokerFixture : BrokerFixture
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
        [new("TOKENBROKER_MAX_CLOCK_SKEW_SECONDS", "3600")];
}
