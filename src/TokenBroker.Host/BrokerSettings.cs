using System.Globalization;

namespace TokenBroker.Host;

/// <summary>The broker's settings, read once at start-up from configuration (environment variables TOKENBROKER_*).</summary>
/// <param name="DataFolder">TOKENBROKER_DATA.</param>
/// <param name="Regions">TOKENBROKER_REGIONS.</param>
/// <param name="MaxBodyBytes">TOKENBROKER_MAX_BODY_BYTES.</param>
/// <param name="MaxClockSkew">TOKENBROKER_MAX_CLOCK_SKEW_SECONDS.</param>
/// <param name="OidcExtraCaFile">TOKENBROKER_OIDC_EXTRA_CA_FILE: PEM root CAs trusted for OIDC discovery and JWKS, besides the system's.</param>
/// <param name="OidcAllowHttpLoopback">TOKENBROKER_OIDC_ALLOW_HTTP_LOOPBACK: development only, http:// loopback providers that opt in.</param>
/// <param name="OidcReplayCache">TOKENBROKER_OIDC_REPLAY_CACHE: refuse a web identity token whose jti was already used.</param>
internal sealed record BrokerSettings(
    string DataFolder,
    IReadOnlySet<string> Regions,
    int MaxBodyBytes,
    TimeSpan MaxClockSkew,
    string? OidcExtraCaFile = null,
    bool OidcAllowHttpLoopback = false,
    bool OidcReplayCache = true)
{
    /// <summary>Largest accepted request body: a 100,000-character SAMLAssertion percent-encoded, with room to spare.</summary>
    public const int DefaultMaxBodyBytes = 512 * 1024;

    /// <summary>Reads TOKENBROKER_DATA, TOKENBROKER_REGIONS, TOKENBROKER_MAX_BODY_BYTES and TOKENBROKER_MAX_CLOCK_SKEW_SECONDS.</summary>
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
        if (regions.Count == 0)
        {
            throw new InvalidOperationException("TOKENBROKER_REGIONS names no region.");
        }

        return new BrokerSettings(Path.GetFullPath(dataFolder), regions, maxBody, skew,
            configuration["TOKENBROKER_OIDC_EXTRA_CA_FILE"] is { Length: > 0 } caFile ? Path.GetFullPath(caFile) : null,
            Flag(configuration, "TOKENBROKER_OIDC_ALLOW_HTTP_LOOPBACK", defaultValue: false),
            Flag(configuration, "TOKENBROKER_OIDC_REPLAY_CACHE", defaultValue: true));
    }

    // Only "true" and "false" (any case): a typo must not silently flip a security setting.
    private static bool Flag(IConfiguration configuration, string name, bool defaultValue) => configuration[name] switch
    {
        null or "" => defaultValue,
        var text when string.Equals(text, "true", StringComparison.OrdinalIgnoreCase) => true,
        var text when string.Equals(text, "false", StringComparison.OrdinalIgnoreCase) => false,
        _ => throw new InvalidOperationException($"{name} must be true or false."),
    };
}
