using Microsoft.Extensions.Diagnostics.HealthChecks;
using TokenBroker.Aws;
using TokenBroker.Composition;
using TokenBroker.Core.Ports;

namespace TokenBroker.Host.Health;

/// <summary>
/// Ready check "store": the stores are open, no dependency circuit is open, and the directory's version pointer can
/// be read now (one cheap read: a SQLite row, or one DynamoDB GetItem within the dependency deadline).
/// </summary>
internal sealed class StoreHealthCheck(StoreLoader loader) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!loader.IsLoaded || loader.Dependencies.Any(d => d.Service != "KMS" && d.State == DependencyState.Open))
        {
            return HealthCheckResult.Unhealthy();
        }

        await loader.Stores.Directory.CurrentVersionAsync(cancellationToken);
        return HealthCheckResult.Healthy();
    }
}
