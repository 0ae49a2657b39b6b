using TokenBroker.Core.Ports;

namespace TokenBroker.Host.Observability;

/// <summary>The replay cache with a span per check and its hits (a one-time value seen again) counted.</summary>
internal sealed class ObservedReplayCache(IReplayCache inner, BrokerMetrics metrics) : IReplayCache
{
    public async Task<bool> TryAddAsync(string key, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        using var activity = BrokerActivity.StoreCall("replay_cache.check");
        var added = await inner.TryAddAsync(key, expiresAt, cancellationToken);
        metrics.ReplayChecked(replayed: !added);
        return added;
    }
}
