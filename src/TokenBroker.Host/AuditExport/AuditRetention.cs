using TokenBroker.Composition;
using TokenBroker.Embedded;

namespace TokenBroker.Host.AuditExport;

/// <summary>
/// Applies TOKENBROKER_AUDIT_RETENTION_DAYS to the SQLite audit log: once the stores are open and every hour after,
/// records older than the retention are deleted. (DynamoDB expires them itself, by the TTL attribute.)
/// </summary>
internal sealed partial class AuditRetention(StoreLoader loader, TimeProvider time, ILogger<AuditRetention> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(5), TimeProvider.System);
        var next = DateTimeOffset.MinValue;
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (!loader.IsLoaded || time.GetUtcNow() < next)
            {
                continue;
            }

            next = time.GetUtcNow() + Interval;
            foreach (var embedded in loader.Stores.Owners.OfType<EmbeddedStore>())
            {
                try
                {
                    var pruned = await embedded.AuditLog.PruneAsync(time.GetUtcNow(), stoppingToken);
                    LogPruned(logger, pruned);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    LogFailed(logger, exception.GetType().Name);
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Audit retention: {Count} records past the retention deleted")]
    private static partial void LogPruned(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Audit retention could not prune the audit log ({Error}); it tries again in an hour")]
    private static partial void LogFailed(ILogger logger, string error);
}
