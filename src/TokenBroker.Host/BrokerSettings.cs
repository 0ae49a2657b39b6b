using System.Globalization;
using TokenBroker.Core.Revocation;

namespace TokenBroker.Host;

/// <summary>The broker's settings, read once at start-up from configuration (environment variables TOKENBROKER_*).</summary>
internal sealed record BrokerSettings(
    string DataFolder,
    IReadOnlySet<string> Regions,
    int MaxBodyBytes,
    TimeSpan MaxClockSkew,
    TimeSpan DirectoryCacheTtl,
    TimeSpan RevocationCacheDuration)
{
    /// <summary>Largest accepted request body: a 100,000-character SAMLAssertion percent-encoded, with room to spare.</summary>
    public const int DefaultMaxBodyBytes = 512 * 1024;

    /// <summary>
    /// Reads TOKENBROKER_DATA, TOKENBROKER_REGIONS, TOKENBROKER_MAX_BODY_BYTES, TOKENBROKER_MAX_CLOCK_SKEW_SECONDS,
    /// TOKENBROKER_DIRECTORY_CACHE_SECONDS and TOKENBROKER_REVOCATION_CACHE_SECONDS (how long a revocation cutoff may be
    /// cached: the bound on how late it takes effect).
    /// </summary>
    public static BrokerSettings From(IConfiguration configuration)
    {
        var dataFolder = configuration["TOKENBROKER_DATA"] is { Length: > 0 } data ? data : "./.tokenbroker";
        var regions = (configuration["TOKENBROKER_REGIONS"] ?? "us-east-1")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .ToHashSet(StringComparer.Ordinal);
        var maxBody = configuration["TOKENBROKER_MAX_BODY_BYTES"] is { Length: > 0 } body
            ? int.Parse(body, NumberStyles.None, CultureInfo.InvariantCulture)
            : DefaultMaxBodyBytes;
        var skew = TimeSpan.FromSeconds(Seconds(configuration, "TOKENBROKER_MAX_CLOCK_SKEW_SECONDS", 900));
        var directoryCache = TimeSpan.FromSeconds(Seconds(configuration, "TOKENBROKER_DIRECTORY_CACHE_SECONDS", 1));
        var revocationCache = TimeSpan.FromSeconds(
            Seconds(configuration, "TOKENBROKER_REVOCATION_CACHE_SECONDS", (int)RevocationChecker.DefaultCacheDuration.TotalSeconds));
        if (regions.Count == 0)
        {
            throw new InvalidOperationException("TOKENBROKER_REGIONS names no region.");
        }

        return new BrokerSettings(Path.GetFullPath(dataFolder), regions, maxBody, skew, directoryCache, revocationCache);
    }

    private static int Seconds(IConfiguration configuration, string name, int fallback) =>
        configuration[name] is { Length: > 0 } text ? int.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture) : fallback;
}
