using TokenBroker.Core.Ports;

namespace TokenBroker.Host;

/// <summary>The adapters BrokerApp chose for the ports, and what owns them (disposed with the app).</summary>
internal sealed record BrokerStores(
    IDirectory Directory,
    IKeyRing KeyRing,
    IKeyRecordStore KeyRecords,
    IRevocationStore Revocations,
    IAuditLog AuditLog,
    IReplayCache ReplayCache,
    IDisposable Owner) : IDisposable
{
    public void Dispose() => Owner.Dispose();
}
