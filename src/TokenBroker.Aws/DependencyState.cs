namespace TokenBroker.Aws;

/// <summary>What the broker currently knows about a dependency, from its circuit breaker.</summary>
public enum DependencyState
{
    /// <summary>Calls go through: the dependency answered recently, or has not failed enough to be judged down.</summary>
    Closed,

    /// <summary>The dependency is known to be down: calls fail at once, without waiting for it.</summary>
    Open,

    /// <summary>The break is over: one call probes the dependency; its answer closes or reopens the circuit.</summary>
    HalfOpen,
}
