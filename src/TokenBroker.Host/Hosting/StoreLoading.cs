using System.Globalization;
using TokenBroker.Composition;

namespace TokenBroker.Host.Hosting;

/// <summary>
/// Keeps the broker's dependencies in view in the background: opens the stores when the first attempt at start-up
/// failed (one log line per attempt, with backoff), then probes every dependency whose circuit is open, so the broker
/// becomes ready again even while no traffic reaches it.
/// </summary>
internal sealed partial class StoreLoading(StoreLoader loader, ILogger<StoreLoading> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            if (!loader.IsLoaded)
            {
                LogNotOpen(logger, loader.Attempts, Reason(loader.LastFailure ?? ""), Seconds(StoreLoader.Backoff(loader.Attempts + 1)));
                // The wall clock, not the broker's: the waits are real time whatever clock the broker runs on.
                await loader.LoadAsync(TimeProvider.System, (attempt, reason, next) => LogNotOpen(logger, attempt, Reason(reason), Seconds(next)), stoppingToken);
                LogOpen(logger, loader.Attempts);
            }

            await ProbeAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task ProbeAsync(CancellationToken stoppingToken)
    {
        if (loader.Dependencies.Count == 0)
        {
            return;
        }

        var interval = loader.Dependencies.Min(d => d.BreakDuration);
        while (!stoppingToken.IsCancellationRequested)
        {
            await Task.Delay(interval, TimeProvider.System, stoppingToken);
            foreach (var dependency in loader.Dependencies)
            {
                await dependency.ProbeAsync(stoppingToken);
            }
        }
    }

    private static string Reason(string reason) => reason.TrimEnd('.');

    private static string Seconds(TimeSpan delay) => delay.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stores not open (attempt {Attempt}), answering ServiceUnavailable: {Reason}; next attempt in {Delay} s")]
    private static partial void LogNotOpen(ILogger logger, int attempt, string reason, string delay);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stores open after {Attempts} attempts; the broker is ready")]
    private static partial void LogOpen(ILogger logger, int attempts);
}
