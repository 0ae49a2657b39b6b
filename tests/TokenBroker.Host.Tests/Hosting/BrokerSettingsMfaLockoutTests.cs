using Microsoft.Extensions.Configuration;
using TokenBroker.Core.Authentication.Mfa;

namespace TokenBroker.Host.Tests.Hosting;

/// <summary>TOKENBROKER_MFA_MAX_FAILURES and TOKENBROKER_MFA_LOCKOUT_SECONDS (docs/security.md, "MFA lockout").</summary>
public class BrokerSettingsMfaLockoutTests
{
    [Fact]
    public void From_NoMfaSettings_FiveFailuresAndFifteenMinutes()
    {
        var settings = BrokerSettings.From(Configuration());

        Assert.Equal(new MfaLockoutPolicy(5, TimeSpan.FromSeconds(900)), settings.MfaLockout);
    }

    [Fact]
    public void From_MfaSettings_Used()
    {
        var settings = BrokerSettings.From(Configuration(("TOKENBROKER_MFA_MAX_FAILURES", "3"), ("TOKENBROKER_MFA_LOCKOUT_SECONDS", "3600")));

        Assert.Equal(new MfaLockoutPolicy(3, TimeSpan.FromHours(1)), settings.MfaLockout);
    }

    [Theory]
    [InlineData("TOKENBROKER_MFA_MAX_FAILURES")]
    [InlineData("TOKENBROKER_MFA_LOCKOUT_SECONDS")]
    public void From_Zero_FailsAtStartUp(string name)
    {
        var error = Assert.Throws<InvalidOperationException>(() => BrokerSettings.From(Configuration((name, "0"))));

        Assert.Contains("must be at least 1", error.Message, StringComparison.Ordinal);
    }

    private static IConfiguration Configuration(params (string Name, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Name, s.Value))).Build();
}
