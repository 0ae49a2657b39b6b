using Microsoft.Extensions.Diagnostics.HealthChecks;
using TokenBroker.Aws;
using TokenBroker.Composition;

namespace TokenBroker.Host.Health;

/// <summary>
/// Ready check "keyring": the root public key is loaded (opening the stores read it and unwrapped the directory's
/// data key, or failed) and the KMS circuit, when KMS holds the root, is not open.
/// </summary>
internal sealed class KeyRingHealthCheck(StoreLoader loader) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!loader.IsLoaded || loader.Dependencies.Any(d => d.Service == "KMS" && d.State == DependencyState.Open))
        {
            return HealthCheckResult.Unhealthy();
        }

        var publicKey = await loader.Stores.KeyRing.GetRootPublicKeyAsync(cancellationToken);
        return publicKey.Length > 0 ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy();
    }
}
