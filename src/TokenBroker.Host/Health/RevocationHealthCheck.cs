using Microsoft.Extensions.Diagnostics.HealthChecks;
using TokenBroker.Composition;
using TokenBroker.Core.Revocation;

namespace TokenBroker.Host.Health;

/// <summary>
/// Ready check "revocation": a cutoff can be read from the revocation store now. A broker that cannot read cutoffs
/// refuses every signed request (fail closed), so it must not be in rotation.
/// </summary>
internal sealed class RevocationHealthCheck(StoreLoader loader) : IHealthCheck
{
    // A subject no cutoff is ever set for: the read finds nothing, and costs one key lookup.
    private const string ProbeSubject = "tokenbroker-readiness-probe";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!loader.IsLoaded)
        {
            return HealthCheckResult.Unhealthy();
        }

        await loader.Stores.Revocations.GetCutoffAsync(RevocationScope.SigningKey, ProbeSubject, cancellationToken);
        return HealthCheckResult.Healthy();
    }
}
