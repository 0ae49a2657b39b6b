namespace TokenBroker.Host.Tests.EndToEnd;

/// <summary>
/// A broker with the default MFA lockout that tolerates a day of clock skew, so tests can move its clock past a
/// lockout period while the SDK keeps signing with the real time.
/// </summary>
public sealed class MfaLockoutBrokerFixture : BrokerFixture
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
        [new("TOKENBROKER_MAX_CLOCK_SKEW_SECONDS", "86400")];
}
