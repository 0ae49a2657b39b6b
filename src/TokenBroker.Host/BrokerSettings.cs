using System.Globalization;
using System.Net;
using TokenBroker.Composition;
using TokenBroker.Core.Authentication.Mfa;
using TokenBroker.Core.Revocation;

namespace TokenBroker.Host;

/// <summary>The broker's settings, read once at start-up from configuration (environment variables TOKENBROKER_*).</summary>
/// <param name="Stores">TOKENBROKER_DATA, _STORE, _KEYRING, _TABLE, _KMS_SIGNING_KEY, _KMS_DATA_KEY: the adapters, read as the CLI reads them.</param>
/// <param name="Regions">TOKENBROKER_REGIONS.</param>
/// <param name="MaxBodyBytes">TOKENBROKER_MAX_BODY_BYTES.</param>
/// <param name="MaxClockSkew">TOKENBROKER_MAX_CLOCK_SKEW_SECONDS.</param>
/// <param name="DirectoryCacheTtl">TOKENBROKER_DIRECTORY_CACHE_SECONDS.</param>
/// <param name="RevocationCacheDuration">TOKENBROKER_REVOCATION_CACHE_SECONDS: the bound on how late a revocation takes effect.</param>
/// <param name="Hosting">TOKENBROKER_HOSTING: kestrel or lambda.</param>
/// <param name="OidcExtraCaFile">TOKENBROKER_OIDC_EXTRA_CA_FILE: PEM root CAs trusted for OIDC discovery and JWKS, besides the system's.</param>
/// <param name="OidcAllowHttpLoopback">TOKENBROKER_OIDC_ALLOW_HTTP_LOOPBACK: development only, http:// loopback providers that opt in.</param>
/// <param name="OidcReplayCache">TOKENBROKER_OIDC_REPLAY_CACHE: refuse a web identity token whose jti was already used.</param>
/// <param name="OidcConnectTo">TOKENBROKER_OIDC_CONNECT_TO: HOST:PORT=ADDRESS:PORT pairs, comma-separated, as curl's --connect-to.</param>
/// <param name="MfaLockout">TOKENBROKER_MFA_MAX_FAILURES and TOKENBROKER_MFA_LOCKOUT_SECONDS: when an MFA device locks, and for how long.</param>
/// <param name="LambdaEvents">TOKENBROKER_LAMBDA_EVENTS: http (HTTP API requests, the default) or authorizer (HTTP API Lambda authorizer events).</param>
/// <param name="AuthorizerService">TOKENBROKER_AUTHORIZER_SERVICE: the service catalog (prefix) a Lambda authorizer decides for.</param>
internal sealed record BrokerSettings(
    StoreSettings Stores,
    IReadOnlySet<string> Regions,
    int MaxBodyBytes,
    TimeSpan MaxClockSkew,
    TimeSpan DirectoryCacheTtl,
    TimeSpan RevocationCacheDuration,
    string Hosting,
    string? OidcExtraCaFile = null,
    bool OidcAllowHttpLoopback = false,
    bool OidcReplayCache = true,
    IReadOnlyDictionary<string, DnsEndPoint>? OidcConnectTo = null,
    MfaLockoutPolicy? MfaLockout = null,
    string LambdaEvents = BrokerSettings.HttpEvents,
    string? AuthorizerService = null)
{
    /// <summary>TOKENBROKER_LAMBDA_EVENTS value: the Lambda loop serves HTTP API payload 2.0 requests (the default).</summary>
    public const string HttpEvents = "http";

    /// <summary>TOKENBROKER_LAMBDA_EVENTS value: the Lambda loop answers HTTP API Lambda authorizer events.</summary>
    public const string AuthorizerEvents = "authorizer";

    /// <summary>Whether the Lambda loop answers authorizer events instead of serving requests.</summary>
    public bool IsLambdaAuthorizer => string.Equals(LambdaEvents, AuthorizerEvents, StringComparison.Ordinal);

    /// <summary>Largest accepted request body: a 100,000-character SAMLAssertion percent-encoded, with room to spare.</summary>
    public const int DefaultMaxBodyBytes = 512 * 1024;

    /// <summary>TOKENBROKER_HOSTING value that serves through Kestrel on a socket (the default).</summary>
    public const string KestrelHosting = "kestrel";

    /// <summary>TOKENBROKER_HOSTING value that serves through the Lambda Runtime API.</summary>
    public const string LambdaHosting = "lambda";

    /// <summary>The region of calls that carry no signature (unsigned STS calls, the browser sign-in): the first configured one.</summary>
    public string EndpointRegion => Regions.Order(StringComparer.Ordinal).First();

    /// <summary>Whether the broker is served through the Lambda Runtime API.</summary>
    public bool IsLambda => string.Equals(Hosting, LambdaHosting, StringComparison.Ordinal);

    /// <summary>
    /// Reads the store settings (<see cref="StoreSettings.From"/>), TOKENBROKER_REGIONS, _MAX_BODY_BYTES,
    /// _MAX_CLOCK_SKEW_SECONDS, _DIRECTORY_CACHE_SECONDS, _REVOCATION_CACHE_SECONDS (the bound on how late a revocation
    /// takes effect) and _HOSTING.
    /// </summary>
    public static BrokerSettings From(IConfiguration configuration)
    {
        var regions = (configuration["TOKENBROKER_REGIONS"] ?? "us-east-1")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .ToHashSet(StringComparer.Ordinal);
        var maxBody = Number(configuration, "TOKENBROKER_MAX_BODY_BYTES", DefaultMaxBodyBytes);
        var skew = TimeSpan.FromSeconds(Number(configuration, "TOKENBROKER_MAX_CLOCK_SKEW_SECONDS", 900));
        var directoryCache = TimeSpan.FromSeconds(Number(configuration, "TOKENBROKER_DIRECTORY_CACHE_SECONDS", 1));
        var revocationCache = TimeSpan.FromSeconds(
            Number(configuration, "TOKENBROKER_REVOCATION_CACHE_SECONDS", (int)RevocationChecker.DefaultCacheDuration.TotalSeconds));
        if (regions.Count == 0)
        {
            throw new InvalidOperationException("TOKENBROKER_REGIONS names no region.");
        }

        var hosting = Choice(configuration, "TOKENBROKER_HOSTING", KestrelHosting, [KestrelHosting, LambdaHosting]);
        var events = Choice(configuration, "TOKENBROKER_LAMBDA_EVENTS", HttpEvents, [HttpEvents, AuthorizerEvents]);
        var authorizerService = configuration["TOKENBROKER_AUTHORIZER_SERVICE"] is { Length: > 0 } prefix ? prefix : null;
        if (events == AuthorizerEvents && (hosting != LambdaHosting || authorizerService is null))
        {
            throw new InvalidOperationException("TOKENBROKER_LAMBDA_EVENTS=authorizer needs TOKENBROKER_HOSTING=lambda and TOKENBROKER_AUTHORIZER_SERVICE.");
        }

        return new BrokerSettings(
            StoreSettings.From(name => configuration[name]), regions, maxBody, skew, directoryCache, revocationCache, hosting,
            configuration["TOKENBROKER_OIDC_EXTRA_CA_FILE"] is { Length: > 0 } caFile ? Path.GetFullPath(caFile) : null,
            Flag(configuration, "TOKENBROKER_OIDC_ALLOW_HTTP_LOOPBACK", defaultValue: false),
            Flag(configuration, "TOKENBROKER_OIDC_REPLAY_CACHE", defaultValue: true),
            ConnectTo(configuration["TOKENBROKER_OIDC_CONNECT_TO"]),
            Lockout(configuration),
            events,
            authorizerService);
    }

    // A device that never locks, or a lock that ends at once, would undo the bound on guessing: both must be positive.
    private static MfaLockoutPolicy Lockout(IConfiguration configuration)
    {
        var defaults = MfaLockoutPolicy.Default;
        var maxFailures = Number(configuration, "TOKENBROKER_MFA_MAX_FAILURES", defaults.MaxFailures);
        var seconds = Number(configuration, "TOKENBROKER_MFA_LOCKOUT_SECONDS", (int)defaults.LockoutDuration.TotalSeconds);
        if (maxFailures < 1 || seconds < 1)
        {
            throw new InvalidOperationException("TOKENBROKER_MFA_MAX_FAILURES and TOKENBROKER_MFA_LOCKOUT_SECONDS must be at least 1.");
        }

        return new MfaLockoutPolicy(maxFailures, TimeSpan.FromSeconds(seconds));
    }

    // "token.actions.githubusercontent.com:443=10.0.0.5:8443,...": the left side is what an issuer URL names.
    private static Dictionary<string, DnsEndPoint> ConnectTo(string? text)
    {
        var map = new Dictionary<string, DnsEndPoint>(StringComparer.Ordinal);
        foreach (var pair in (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = pair.Split('=');
            if (parts.Length != 2 || Endpoint(parts[0]) is not { } from || Endpoint(parts[1]) is not { } to)
            {
                throw new InvalidOperationException("TOKENBROKER_OIDC_CONNECT_TO must be HOST:PORT=ADDRESS:PORT pairs separated by commas.");
            }

            map[from.Host.ToLowerInvariant() + ":" + from.Port.ToString(CultureInfo.InvariantCulture)] = to;
        }

        return map;
    }

    private static DnsEndPoint? Endpoint(string text)
    {
        var colon = text.LastIndexOf(':');
        return colon > 0 && int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            && port is > 0 and <= 65535
            ? new DnsEndPoint(text[..colon], port)
            : null;
    }

    // An explicit choice between named values (TOKENBROKER_HOSTING); anything else is a configuration error at start-up.
    private static string Choice(IConfiguration configuration, string name, string defaultValue, string[] allowed)
    {
        var value = configuration[name] is { Length: > 0 } chosen ? chosen : defaultValue;
        return allowed.Contains(value, StringComparer.Ordinal)
            ? value
            : throw new InvalidOperationException($"{name} must be one of: {string.Join(", ", allowed)}.");
    }

    private static int Number(IConfiguration configuration, string name, int fallback) =>
        configuration[name] is { Length: > 0 } text ? int.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture) : fallback;

    // Only "true" and "false" (any case): a typo must not silently flip a security setting.
    private static bool Flag(IConfiguration configuration, string name, bool defaultValue) => configuration[name] switch
    {
        null or "" => defaultValue,
        var text when string.Equals(text, "true", StringComparison.OrdinalIgnoreCase) => true,
        var text when string.Equals(text, "false", StringComparison.OrdinalIgnoreCase) => false,
        _ => throw new InvalidOperationException($"{name} must be true or false."),
    };
}
