using TokenBroker.Aws;

namespace TokenBroker.Composition;

/// <summary>
/// Whether the broker can serve: its stores are open and no dependency's circuit is open. For a readiness endpoint
/// and for logs; liveness is another matter (a broker that is not ready still runs and answers ServiceUnavailable).
/// </summary>
public sealed class BrokerReadiness(StoreLoader loader)
{
    /// <summary>True when the stores are open and every dependency's circuit is closed.</summary>
    public bool IsReady => loader.IsLoaded && loader.Dependencies.All(d => d.State == DependencyState.Closed);

    /// <summary>Each dependency's name and circuit state (DynamoDB, KMS), empty for SQLite.</summary>
    public IReadOnlyList<(string Service, DependencyState State)> Dependencies => loader.Dependencies.Select(d => (d.Service, d.State)).ToList();

    /// <summary>Why the broker is not ready, as one line; null when it is.</summary>
    public string? Reason => !loader.IsLoaded
        ? $"stores not open: {loader.LastFailure ?? "starting"}"
        : loader.Dependencies.FirstOrDefault(d => d.State != DependencyState.Closed) is { } down
            ? $"{down.Service} circuit {down.State}"
            : null;
}
