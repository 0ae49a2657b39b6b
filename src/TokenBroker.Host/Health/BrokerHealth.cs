using System.Text;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace TokenBroker.Host.Health;

/// <summary>
/// Liveness and readiness (ASP.NET Core health checks). <c>/health/live</c> and its alias <c>/health</c> answer
/// while the process runs; <c>/health/ready</c> runs the four ready checks and answers 503 naming the failing ones,
/// and nothing else about them: no exception text, no store names or addresses.
/// </summary>
internal static class BrokerHealth
{
    /// <summary>The ready checks' names, as /health/ready reports them.</summary>
    public static readonly IReadOnlyList<string> ReadyChecks = ["store", "keyring", "revocation", "directory"];

    private const string ReadyTag = "ready";

    /// <summary>Registers the ready checks, each bounded by the dependency deadline.</summary>
    public static IServiceCollection AddBrokerHealthChecks(this IServiceCollection services, TimeSpan timeout)
    {
        string[] tags = [ReadyTag];
        services.AddHealthChecks()
            .AddCheck<StoreHealthCheck>("store", HealthStatus.Unhealthy, tags, timeout)
            .AddCheck<KeyRingHealthCheck>("keyring", HealthStatus.Unhealthy, tags, timeout)
            .AddCheck<RevocationHealthCheck>("revocation", HealthStatus.Unhealthy, tags, timeout)
            .AddCheck<DirectoryHealthCheck>("directory", HealthStatus.Unhealthy, tags, timeout);
        return services;
    }

    /// <summary>Maps /health, /health/live and /health/ready.</summary>
    public static void MapBrokerHealth(this WebApplication app)
    {
        var live = new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteLiveAsync };
        app.MapHealthChecks("/health", live);
        app.MapHealthChecks("/health/live", live);
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(ReadyTag),
            ResponseWriter = WriteReadyAsync,
        });
    }

    /// <summary>The names of the checks that did not pass, in registration order.</summary>
    public static IReadOnlyList<string> Failing(HealthReport report) =>
        [.. ReadyChecks.Where(name => report.Entries.TryGetValue(name, out var entry) && entry.Status != HealthStatus.Healthy)];

    private static Task WriteLiveAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "text/plain";
        return context.Response.WriteAsync("ok", context.RequestAborted);
    }

    // {"status":"ready"} or {"status":"not ready","failing":["store","keyring"]}: names only, built by hand so that
    // nothing of a check's exception can reach the answer.
    private static Task WriteReadyAsync(HttpContext context, HealthReport report)
    {
        var failing = Failing(report);
        var json = new StringBuilder(failing.Count == 0 ? "{\"status\":\"ready\"" : "{\"status\":\"not ready\",\"failing\":[");
        if (failing.Count > 0)
        {
            json.AppendJoin(',', failing.Select(name => "\"" + name + "\"")).Append(']');
        }

        json.Append('}');
        context.Response.ContentType = "application/json";
        context.Response.Headers.CacheControl = "no-store";
        return context.Response.WriteAsync(json.ToString(), context.RequestAborted);
    }
}
