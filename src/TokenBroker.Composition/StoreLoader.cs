using TokenBroker.Aws;
using TokenBroker.Core.Ports;

namespace TokenBroker.Composition;

/// <summary>
/// Opens the broker's stores and key ring, and keeps trying while they cannot be opened (KMS or DynamoDB down, the
/// database locked or unreadable), so that a broker started during an outage starts anyway, answers
/// ServiceUnavailable, and becomes ready when the dependency returns. Each failed attempt is one line for the log.
/// </summary>
public sealed class StoreLoader : IDisposable
{
    private static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(500);
    // A broker that is not serving retries often enough to be back within seconds of its dependency; one cheap call
    // every 10 s at most is nothing to KMS or DynamoDB.
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(10);

    private readonly StoreSettings _settings;
    private readonly TimeProvider _time;
    private BrokerStores? _stores;

    /// <summary>Creates the loader; <paramref name="time"/> is the broker's clock, handed to the stores.</summary>
    public StoreLoader(StoreSettings settings, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _settings = settings;
        _time = time;
    }

    /// <summary>Whether the stores are open.</summary>
    public bool IsLoaded => Volatile.Read(ref _stores) is not null;

    /// <summary>How many attempts were made so far.</summary>
    public int Attempts { get; private set; }

    /// <summary>Why the last attempt failed, as one line; null once loaded or before the first attempt.</summary>
    public string? LastFailure { get; private set; }

    /// <summary>The dependencies the stores call through a deadline and circuit (none for SQLite).</summary>
    public IReadOnlyList<DependencyGuard> Dependencies => _settings.Dependencies;

    /// <summary>The open stores; until they are, a <see cref="StoreUnavailableException"/> (the request fails with ServiceUnavailable).</summary>
    public BrokerStores Stores => Volatile.Read(ref _stores)
        ?? throw new StoreUnavailableException($"The broker has not opened its stores yet: {LastFailure ?? "starting"}");

    /// <summary>The wait before attempt <paramref name="attempt"/> (2 and later): 0.5 s, doubling, at most 10 s.</summary>
    public static TimeSpan Backoff(int attempt) =>
        attempt <= 2 ? FirstDelay : TimeSpan.FromTicks(Math.Min(MaxDelay.Ticks, FirstDelay.Ticks << Math.Min(attempt - 2, 16)));

    /// <summary>
    /// One attempt: true when the stores are open (now or before); false, with <see cref="LastFailure"/> set, when a
    /// store or the key ring failed. Anything else (a bug) is thrown.
    /// </summary>
    public async Task<bool> TryLoadAsync(CancellationToken cancellationToken)
    {
        if (IsLoaded)
        {
            return true;
        }

        Attempts++;
        try
        {
            Volatile.Write(ref _stores, await BrokerStores.OpenAsync(_settings, _time, cancellationToken));
            LastFailure = null;
            return true;
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested && StoreFailures.Describe(exception, _settings) is { } reason)
        {
            LastFailure = reason;
            return false;
        }
    }

    /// <summary>
    /// Attempts until the stores are open, waiting <see cref="Backoff"/> (on <paramref name="wallClock"/>) between
    /// attempts and reporting each failure as one line.
    /// </summary>
    public async Task LoadAsync(TimeProvider wallClock, Action<int, string, TimeSpan> reportFailure, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reportFailure);
        while (!IsLoaded)
        {
            var delay = Backoff(Attempts + 1);
            await Task.Delay(delay, wallClock, cancellationToken);
            if (!await TryLoadAsync(cancellationToken))
            {
                reportFailure(Attempts, LastFailure!, Backoff(Attempts + 1));
            }
        }
    }

    /// <inheritdoc />
    public void Dispose() => Volatile.Read(ref _stores)?.Dispose();
}
