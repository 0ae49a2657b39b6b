using TokenBroker.Core.Ports;
using TokenBroker.Core.Revocation;

namespace TokenBroker.Host.Observability;

/// <summary>The revocation store with a span per call and the cutoff reads counted (the checker caches the rest).</summary>
internal sealed class ObservedRevocationStore(IRevocationStore inner, BrokerMetrics metrics) : IRevocationStore
{
    public async Task<DateTimeOffset?> GetCutoffAsync(RevocationScope scope, string subject, CancellationToken cancellationToken)
    {
        using var activity = BrokerActivity.StoreCall("revocation.read");
        var cutoff = await inner.GetCutoffAsync(scope, subject, cancellationToken);
        metrics.CutoffRead(cutoff is not null);
        return cutoff;
    }

    public async Task<DateTimeOffset> SetCutoffAsync(RevocationScope scope, string subject, DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        using var activity = BrokerActivity.StoreCall("revocation.write");
        return await inner.SetCutoffAsync(scope, subject, cutoff, cancellationToken);
    }

    public async Task<IReadOnlyList<RevocationCutoff>> ListAsync(CancellationToken cancellationToken)
    {
        using var activity = BrokerActivity.StoreCall("revocation.list");
        return await inner.ListAsync(cancellationToken);
    }
}
