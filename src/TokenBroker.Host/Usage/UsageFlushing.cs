using TokenBroker.Composition;
using TokenBroker.Core.Usage;

namespace TokenBroker.Host.Usage;

/// <summary>
/// Runs the usage recorder's flush loop for the life of the host and flushes once more on stop. The recorder is
/// resolved once the stores are open (they may open after start), so nothing is recorded before that.
/// </summary>
internal sealed partial class UsageFlushing(StoreLoader loader, IServiceProvider services, ILogger<UsageFlushing> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!loader.IsLoaded)
        {
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        var recorder = services.GetRequiredService<UsageRecorder>();
        recorder.FlushFailed = exception => LogFlushFailed(logger, exception.GetType().Name);
        await recorder.RunAsync(stoppingToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Usage records could not be written ({Failure}); they are kept for the next flush")]
    private static partial void LogFlushFailed(ILogger logger, string failure);
}
