namespace TokenBroker.Host.AuditExport;

/// <summary>CloudTrail events as JSON lines on stdout (CloudWatch Logs on Lambda, the journal under systemd).</summary>
internal sealed class StdoutAuditSink : IAuditSink
{
    public async Task DeliverAsync(IReadOnlyList<string> events, CancellationToken cancellationToken)
    {
        // One write per batch: Console.Out is synchronized, so lines of the log and of the export never interleave.
        await Console.Out.WriteAsync(string.Concat(events.Select(e => e + "\n")).AsMemory(), cancellationToken);
        await Console.Out.FlushAsync(cancellationToken);
    }
}
