using TokenBroker.Core.Audit;

namespace TokenBroker.Embedded.Tests;

/// <summary>TOKENBROKER_AUDIT_RETENTION_DAYS on SQLite: PruneAsync deletes the records older than the retention, only those.</summary>
public sealed class SqliteAuditRetentionTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);
    private readonly SqliteStores _stores = new();

    public void Dispose() => _stores.Dispose();

    [Fact]
    public async Task PruneAsync_RecordsOlderThanRetention_DeletedNewerKept()
    {
        var store = await _stores.CreateAsync();
        store.AuditLog.Retention = TimeSpan.FromDays(30);
        foreach (var (days, id) in new[] { (45, "old"), (31, "older-than-30"), (29, "recent"), (0, "now") })
        {
            await store.AuditLog.AppendAsync(Record(Now.AddDays(-days), id), CancellationToken.None);
        }

        var pruned = await store.AuditLog.PruneAsync(Now, CancellationToken.None);
        var kept = await store.AuditLog.QueryAsync(new AuditQuery(null, null, 100), CancellationToken.None);

        Assert.Equal(2, pruned);
        Assert.Equal(["now", "recent"], kept.Select(r => r.RequestId));
    }

    private static AuditRecord Record(DateTimeOffset time, string requestId) => new(
        time, requestId, "GetSessionToken", AuditOutcome.Success, null, "arn:aws:iam::111111111111:user/alice", "AKIAEXAMPLE",
        "127.0.0.1", null, null, null, null, "ASIAEXAMPLE", time.AddHours(1), 0);
}
