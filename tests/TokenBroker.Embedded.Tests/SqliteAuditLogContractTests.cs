using TokenBroker.Core.Ports;

namespace TokenBroker.Embedded.Tests;

/// <summary>The audit-log contract against <see cref="Sqlite.SqliteAuditLog"/> in a temporary data folder.</summary>
public sealed class SqliteAuditLogContractTests : AuditLogContractTests
{
    private readonly SqliteStores _stores = new();

    protected override async Task<IAuditLog> CreateLogAsync() => (await _stores.CreateAsync()).AuditLog;

    protected override async Task<IAuditLog> RestartAsync() => (await _stores.RestartAsync()).AuditLog;

    public override void Dispose() => _stores.Dispose();
}
