using TokenBroker.Core.Audit;

namespace TokenBroker.Host.Observability;

/// <summary>Where a durably written audit record is offered for export; offering never waits.</summary>
internal interface IAuditExportQueue
{
    /// <summary>Queues the record for the sink, or counts it dropped when the buffer is full.</summary>
    void Offer(AuditRecord record);
}
