using System.Threading.Channels;
using TokenBroker.Core.Audit;
using TokenBroker.Host.Observability;

namespace TokenBroker.Host.AuditExport;

/// <summary>
/// Streams durably written audit records to the sink. Offering a record never waits: the buffer is bounded, and a
/// record that finds it full is dropped and counted (it stays in the audit log, where
/// <c>tokenbroker audit --format cloudtrail --since</c> finds it). A batch the sink refuses is retried, whole, with
/// backoff (0.2 s doubling, at most 30 s) until it is delivered, so every record taken from the buffer is delivered
/// at least once while the process runs; at shutdown what is left is tried once more within the host's stop timeout.
/// </summary>
internal sealed partial class AuditExportQueue : BackgroundService, IAuditExportQueue
{
    private const int MaxBatch = 100;
    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan MaxRetry = TimeSpan.FromSeconds(30);

    private readonly Channel<AuditRecord> _buffer;
    private readonly IAuditSink _sink;
    private readonly BrokerMetrics _metrics;
    private readonly string _region;
    private readonly ILogger<AuditExportQueue> _logger;
    private long _dropped;

    public AuditExportQueue(AuditExportSettings settings, IAuditSink sink, BrokerMetrics metrics, BrokerSettings broker, ILogger<AuditExportQueue> logger)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(broker);
        _buffer = Channel.CreateBounded<AuditRecord>(new BoundedChannelOptions(settings.BufferSize)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });
        _sink = sink;
        _metrics = metrics;
        _region = broker.EndpointRegion;
        _logger = logger;
        metrics.Meter.CreateObservableGauge("tokenbroker.audit.export.queue_depth", () => _buffer.Reader.Count, "{record}", "Audit records waiting for the export sink.");
    }

    /// <summary>Records dropped because the buffer was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Records waiting for the sink.</summary>
    public int Depth => _buffer.Reader.Count;

    public void Offer(AuditRecord record)
    {
        if (!_buffer.Writer.TryWrite(record))
        {
            // Counted, and logged at the first drop and every 1,000th after: a stuck sink must not flood the log too.
            if (Interlocked.Increment(ref _dropped) % 1000 == 1)
            {
                LogDropped(_logger, Dropped);
            }

            _metrics.AuditExported("dropped");
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<AuditRecord>(MaxBatch);
        try
        {
            while (await _buffer.Reader.WaitToReadAsync(stoppingToken))
            {
                Fill(batch);
                await DeliverWithRetriesAsync(batch, stoppingToken);
                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            await FlushOnceAsync(batch);
        }
    }

    private void Fill(List<AuditRecord> batch)
    {
        while (batch.Count < MaxBatch && _buffer.Reader.TryRead(out var record))
        {
            batch.Add(record);
        }
    }

    private async Task DeliverWithRetriesAsync(List<AuditRecord> batch, CancellationToken stoppingToken)
    {
        var events = batch.Select(record => CloudTrailEvents.ToJson(record, _region)).ToList();
        var delay = FirstRetry;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await _sink.DeliverAsync(events, stoppingToken);
                _metrics.AuditExported("delivered", events.Count);
                return;
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                LogRetry(_logger, events.Count, attempt, delay.TotalSeconds, exception.GetType().Name);
                _metrics.AuditExported("retried", events.Count);
            }

            await Task.Delay(delay, TimeProvider.System, stoppingToken);
            delay = delay * 2 < MaxRetry ? delay * 2 : MaxRetry;
        }
    }

    // The host is stopping: one last attempt for the batch in hand and what is buffered, bounded by the stop timeout.
    private async Task FlushOnceAsync(List<AuditRecord> batch)
    {
        Fill(batch);
        if (batch.Count == 0)
        {
            return;
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5), TimeProvider.System);
        try
        {
            await _sink.DeliverAsync([.. batch.Select(record => CloudTrailEvents.ToJson(record, _region))], timeout.Token);
            _metrics.AuditExported("delivered", batch.Count);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            LogLost(_logger, batch.Count + _buffer.Reader.Count, exception.GetType().Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Audit export buffer full: {Dropped} records dropped so far (they remain in the audit log)")]
    private static partial void LogDropped(ILogger logger, long dropped);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Audit export of {Count} records failed (attempt {Attempt}, {Error}); retrying in {DelaySeconds} s")]
    private static partial void LogRetry(ILogger logger, int count, int attempt, double delaySeconds, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Audit export stopped with {Count} records undelivered ({Error}); they remain in the audit log")]
    private static partial void LogLost(ILogger logger, int count, string error);
}
