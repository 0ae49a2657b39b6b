using Microsoft.Extensions.Diagnostics.HealthChecks;
using TokenBroker.Composition;
using TokenBroker.Core.Ports;

namespace TokenBroker.Host.Health;

/// <summary>
/// Ready check "directory": a directory snapshot is loaded (the one requests read, within
/// TOKENBROKER_DIRECTORY_CACHE_SECONDS), so the first request does not pay the load.
/// </summary>
internal sealed class DirectoryHealthCheck(StoreLoader loader, IServiceProvider services) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!loader.IsLoaded)
        {
            return HealthCheckResult.Unhealthy();
        }

        // Resolved here, not injected: DirectoryVersions needs the open stores, and the check exists before they are.
        await services.GetRequiredService<DirectoryVersions>().CurrentAsync(cancellationToken);
        return HealthCheckResult.Healthy();
    }
}
