using System.Globalization;

namespace TokenBroker.Host;

/// <summary>The broker's settings, read once at start-up from configuration (environment variables TOKENBROKER_*).</summary>
internal sealed record BrokerSettings(
    string DataFolder, IReadOnlySet<string> Regions, int MaxBodyBytes, TimeSpan MaxClockSkew, TimeSpan DirectoryCacheTtl)
{
    /// <summary>Largest accepted request body: a 100,000-character SAMLAssertion percent-encoded, with room to spare.</summary>
    public const int DefaultMaxBodyBytes = 512 * 1024;

    /// <summary>
    /// Reads TOKENBROKER_DATA, TOKENBROKER_REGIONS, TOKENBROKER_MAX_BODY_BYTES, TOKENBROKER_MAX_CLOCK_SKEW_SECONDS and
    /// TOKENBROKER_DIRECTORY_CACHE_SECONDS.
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
        var skew = configuration["TOKENBROKER_MAX_CLOCK_SKEW_SECONDS"] is { Length: > 0 } seconds
            ? TimeSpan.FromSeconds(int.Parse(seconds, NumberStyles.None, CultureInfo.InvariantCulture))
            : TimeSpan.FromMinutes(15);
        var directoryCache = TimeSpan.FromSeconds(Seconds(configuration, "TOKENBROKER_DIRECTORY_CACHE_SECONDS", 1));
        if (regions.Count == 0)
        {
            throw new InvalidOperationException("TOKENBROKER_REGIONS names no region.");
        }

        return new BrokerSettings(Path.GetFullPath(dataFolder), regions, maxBody, skew, directoryCache);
    }

    private static int Seconds(IConfiguration configuration, string name, int fallback) =>
        configuration[name] is { Length: > 0 } text ? int.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture) : fallback;
}
