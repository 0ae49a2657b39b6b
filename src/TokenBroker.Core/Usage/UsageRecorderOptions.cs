namespace TokenBroker.Core.Usage;

/// <summary>How often the usage recorder writes and how much it holds in memory meanwhile.</summary>
public sealed record UsageRecorderOptions
{
    /// <summary>The defaults: a flush every 60 seconds, at most 100,000 pending records.</summary>
    public static UsageRecorderOptions Default { get; } = new();

    /// <summary>
    /// Time between flushes: each key and each entity action is written at most once per interval per instance, and a
    /// crash loses at most the uses of the last interval.
    /// </summary>
    public TimeSpan FlushInterval { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Most distinct keys plus entity actions held between flushes; uses beyond it are dropped and counted.</summary>
    public int MaxPending { get; init; } = 100_000;
}
