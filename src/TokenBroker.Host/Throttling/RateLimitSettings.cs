using System.Globalization;

namespace TokenBroker.Host.Throttling;

/// <summary>
/// The request rate limits (the settings below), per broker instance. Each limit is a token bucket that refills by its
/// rate every period, up to its burst; a rate of 0 turns that limit off.
/// </summary>
/// <param name="SourceFailures">TOKENBROKER_RATE_SOURCE_FAILURES: failed requests per source address per period.</param>
/// <param name="SourceBurst">TOKENBROKER_RATE_SOURCE_BURST: failed requests a source address may make at once.</param>
/// <param name="KeyRequests">TOKENBROKER_RATE_KEY_REQUESTS: authenticated requests per access key id per period.</param>
/// <param name="KeyBurst">TOKENBROKER_RATE_KEY_BURST: authenticated requests an access key id may make at once.</param>
/// <param name="Period">TOKENBROKER_RATE_PERIOD_SECONDS: how often the buckets refill.</param>
internal sealed record RateLimitSettings(int SourceFailures, int SourceBurst, int KeyRequests, int KeyBurst, TimeSpan Period)
{
    /// <summary>Failed requests per source address per second: far above what a client that retries with backoff makes.</summary>
    public const int DefaultSourceFailures = 10;

    public const int DefaultSourceBurst = 100;

    /// <summary>Requests per access key id per second: about five times the single-key load benchmark (docs/benchmarks.md).</summary>
    public const int DefaultKeyRequests = 50_000;

    public const int DefaultKeyBurst = 100_000;

    /// <summary>Reads the rate settings; a value that is not a whole number is a start-up error.</summary>
    public static RateLimitSettings From(IConfiguration configuration)
    {
        var sourceFailures = Number(configuration, "TOKENBROKER_RATE_SOURCE_FAILURES", DefaultSourceFailures);
        var keyRequests = Number(configuration, "TOKENBROKER_RATE_KEY_REQUESTS", DefaultKeyRequests);
        var period = Number(configuration, "TOKENBROKER_RATE_PERIOD_SECONDS", 1);
        if (period == 0)
        {
            throw new InvalidOperationException("TOKENBROKER_RATE_PERIOD_SECONDS must be at least 1.");
        }

        return new RateLimitSettings(
            sourceFailures,
            Burst(configuration, "TOKENBROKER_RATE_SOURCE_BURST", DefaultSourceBurst, sourceFailures),
            keyRequests,
            Burst(configuration, "TOKENBROKER_RATE_KEY_BURST", DefaultKeyBurst, keyRequests),
            TimeSpan.FromSeconds(period));
    }

    // Unset, the burst is the default or the rate, whichever is larger: a bucket never holds less than one period's refill.
    private static int Burst(IConfiguration configuration, string name, int fallback, int rate)
    {
        var burst = Number(configuration, name, Math.Max(fallback, rate));
        return burst == 0 && rate > 0
            ? throw new InvalidOperationException($"{name} must be at least 1 while its rate is on.")
            : burst;
    }

    private static int Number(IConfiguration configuration, string name, int fallback) =>
        configuration[name] is not { Length: > 0 } text
            ? fallback
            : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
                ? value
                : throw new InvalidOperationException($"{name} must be a whole number.");
}
