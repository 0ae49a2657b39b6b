using Microsoft.Extensions.Diagnostics.HealthChecks;
using TokenBroker.Host.Hosting;

namespace TokenBroker.Host.Health;

/// <summary>
/// The Lambda host runs the ready checks once in its init: a function that cannot serve fails its init with the
/// failing check names (Runtime.InitError), and Lambda retries the init, instead of taking invocations it would fail.
/// </summary>
internal static class LambdaInitReadiness
{
    /// <summary>Throws <see cref="StartupFailedException"/> naming the failing checks, if any.</summary>
    public static async Task EnsureReadyAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var report = await services.GetRequiredService<HealthCheckService>().CheckHealthAsync(cancellationToken);
        var failing = BrokerHealth.Failing(report);
        if (failing.Count > 0)
        {
            throw new StartupFailedException($"TokenBroker is not ready: {string.Join(", ", failing)} failed.");
        }
    }
}
