using System.Globalization;
using TokenBroker.Composition;
using TokenBroker.Core.Usage;

namespace TokenBroker.Host.Usage;

/// <summary>Registers the usage recorder and the background loop that flushes it (TOKENBROKER_USAGE_FLUSH_SECONDS, default 60).</summary>
internal static class UsageRecording
{
    /// <summary>The setting naming the flush interval in seconds.</summary>
    public const string FlushSecondsVariable = "TOKENBROKER_USAGE_FLUSH_SECONDS";

    public static IServiceCollection AddUsageRecording(this IServiceCollection services, IConfiguration configuration)
    {
        var seconds = configuration[FlushSecondsVariable] is { Length: > 0 } text
            ? int.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture)
            : (int)UsageRecorderOptions.Default.FlushInterval.TotalSeconds;
        if (seconds < 1)
        {
            throw new InvalidOperationException($"{FlushSecondsVariable} must be at least 1.");
        }

        var options = UsageRecorderOptions.Default with { FlushInterval = TimeSpan.FromSeconds(seconds) };
        services.AddSingleton(provider => provider.GetRequiredService<BrokerStores>().Usage);
        services.AddSingleton(provider => new UsageRecorder(
            provider.GetRequiredService<BrokerStores>().Usage, provider.GetRequiredService<TimeProvider>(), options));
        services.AddHostedService<UsageFlushing>();
        return services;
    }
}
