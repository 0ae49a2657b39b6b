using TokenBroker.Core.Audit;

namespace TokenBroker.Core.Ports;

/// <summary>The durable record of every credential issued or refused.</summary>
public interface IAuditLog
{
    /// <summary>Returns once the record is durably stored; throws when it could not be (the caller then fails closed).</summary>
    Task AppendAsync(AuditRecord record, CancellationToken cancellationToken);

    /// <summary>The records that match the query, newest first.</summary>
    Task<IReadOnlyList<AuditRecord>> QueryAsync(AuditQuery query, CancellationToken cancellationToken);
}
