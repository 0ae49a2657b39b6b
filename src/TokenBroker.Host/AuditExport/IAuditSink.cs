namespace TokenBroker.Host.AuditExport;

/// <summary>Where exported CloudTrail events go; a delivery either succeeds whole or throws (and is retried whole).</summary>
internal interface IAuditSink
{
    /// <summary>Delivers the events (each one CloudTrail event as JSON).</summary>
    Task DeliverAsync(IReadOnlyList<string> events, CancellationToken cancellationToken);
}
