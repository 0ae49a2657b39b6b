using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using TokenBroker.Host.Throttling;

namespace TokenBroker.Host.Tests.Throttling;

/// <summary>The buckets and their settings, without a server.</summary>
public sealed class RequestThrottleTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();

    public void Dispose() => _services.Dispose();

    [Fact]
    public void TryAcquireKey_DefaultSettings_OneKeyGetsTheWholeBurstAtOnce()
    {
        using var throttle = Throttle(Settings());

        var admitted = 0;
        while (admitted < RateLimitSettings.DefaultKeyBurst && throttle.TryAcquireKey("AKIALOADTEST00000001"))
        {
            admitted++;
        }

        // Ten seconds of the single-key load benchmark (about 10,500/s) without a refill; the refill is 50,000/s on top.
        Assert.Equal(RateLimitSettings.DefaultKeyBurst, admitted);
        Assert.True(throttle.TryAcquireKey("AKIAOTHERKEY00000001"));
    }

    [Fact]
    public void IsSourceOverLimit_Ipv6AddressesOfOneSlash64_ShareOneAllowance()
    {
        using var throttle = Throttle(Settings(("TOKENBROKER_RATE_SOURCE_FAILURES", "2"), ("TOKENBROKER_RATE_SOURCE_BURST", "2"), ("TOKENBROKER_RATE_PERIOD_SECONDS", "3600")));

        throttle.RecordSourceFailure(IPAddress.Parse("2001:db8:0:7::1"));
        throttle.RecordSourceFailure(IPAddress.Parse("2001:db8:0:7:ffff:ffff:ffff:fffe"));

        Assert.True(throttle.IsSourceOverLimit(IPAddress.Parse("2001:db8:0:7::9")));
        Assert.False(throttle.IsSourceOverLimit(IPAddress.Parse("2001:db8:0:8::1")));
    }

    [Fact]
    public void IsSourceOverLimit_Ipv4MappedAddress_SameAllowanceAsIpv4()
    {
        using var throttle = Throttle(Settings(("TOKENBROKER_RATE_SOURCE_FAILURES", "1"), ("TOKENBROKER_RATE_SOURCE_BURST", "1"), ("TOKENBROKER_RATE_PERIOD_SECONDS", "3600")));

        throttle.RecordSourceFailure(IPAddress.Parse("::ffff:192.0.2.10"));

        Assert.True(throttle.IsSourceOverLimit(IPAddress.Parse("192.0.2.10")));
        Assert.False(throttle.IsSourceOverLimit(IPAddress.Parse("192.0.2.11")));
    }

    [Fact]
    public void Limits_RateZero_Off()
    {
        using var throttle = Throttle(Settings(("TOKENBROKER_RATE_SOURCE_FAILURES", "0"), ("TOKENBROKER_RATE_KEY_REQUESTS", "0")));

        for (var i = 0; i < 1_000; i++)
        {
            throttle.RecordSourceFailure(IPAddress.Loopback);
            Assert.True(throttle.TryAcquireKey("AKIAEXAMPLE"));
        }

        Assert.False(throttle.IsSourceOverLimit(IPAddress.Loopback));
    }

    [Theory]
    [InlineData("TOKENBROKER_RATE_SOURCE_FAILURES", "ten")]
    [InlineData("TOKENBROKER_RATE_KEY_REQUESTS", "-1")]
    [InlineData("TOKENBROKER_RATE_PERIOD_SECONDS", "0")]
    [InlineData("TOKENBROKER_RATE_KEY_BURST", "0")]
    public void From_InvalidSetting_StartUpError(string name, string value)
    {
        var error = Assert.Throws<InvalidOperationException>(() => Settings((name, value)));

        Assert.Contains(name, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void From_Nothing_Defaults()
    {
        var settings = Settings();

        Assert.Equal(new RateLimitSettings(10, 100, 50_000, 100_000, TimeSpan.FromSeconds(1)), settings);
    }

    private RequestThrottle Throttle(RateLimitSettings settings) => new(settings, _services.GetRequiredService<IMeterFactory>());

    private static RateLimitSettings Settings(params (string Name, string Value)[] values) =>
        RateLimitSettings.From(new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Name, v.Value)))
            .Build());
}
