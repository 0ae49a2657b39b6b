using Microsoft.Data.Sqlite;
using TokenBroker.Core.Audit;

namespace TokenBroker.Embedded.Tests;

/// <summary>
/// The SQLite audit log's writer keeps one connection and one prepared insert between batches: a record must never
/// carry a value of the record bound before it, and a failed commit must not leave the writer unable to write.
/// </summary>
public sealed class SqliteAuditLogWriterTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 5, 6, 7, 8, 9, 123, TimeSpan.Zero);
    private readonly SqliteStores _stores = new();

    public void Dispose() => _stores.Dispose();

    [Fact]
    public async Task AppendAsync_FullThenSparseThenFull_EachRecordKeepsOnlyItsOwnValues()
    {
        var log = (await _stores.CreateAsync()).AuditLog;
        var full = Full(T0, "req-1");
        var sparse = new AuditRecord(T0.AddSeconds(1), "req-2", "GetFederationToken", AuditOutcome.Failure, "AccessDenied",
            null, null, null, null, null, "bob", null, null, null, null);
        var fullAgain = Full(T0.AddSeconds(2), "req-3") with { SessionName = "s3", PackedPolicySize = 7 };

        foreach (var record in new[] { full, sparse, fullAgain })
        {
            await log.AppendAsync(record, CancellationToken.None);
        }

        Assert.Equal([fullAgain, sparse, full], await log.QueryAsync(new AuditQuery(null, null, 10), CancellationToken.None));
    }

    [Fact]
    public async Task AppendAsync_TextWithNulAndNonAscii_StoredWhole()
    {
        // The writer binds through SQLite's statement API: text must go in with its length, not up to a NUL.
        var log = (await _stores.CreateAsync()).AuditLog;
        var record = Full(T0, "req-nul") with { UserAgent = "agent\0after-nul/caf\u00e9 \ud83d\ude00", SessionName = "" };

        await log.AppendAsync(record, CancellationToken.None);

        Assert.Equal([record], await log.QueryAsync(new AuditQuery(null, null, 10), CancellationToken.None));
    }

    [Fact]
    public async Task AppendAsync_CommitFailsWhileDatabaseLocked_FailsThatRecordAndWritesTheNext()
    {
        (await _stores.CreateAsync()).Dispose();
        using var store = await EmbeddedStore.OpenAsync(_stores.Folder, CancellationToken.None, TimeSpan.FromMilliseconds(200));
        await store.AuditLog.AppendAsync(Full(T0, "req-1"), CancellationToken.None);

        await using (var locker = new SqliteConnection($"Data Source={Path.Combine(_stores.Folder, EmbeddedStore.DatabaseFileName)};Pooling=False"))
        {
            await locker.OpenAsync();
            await using var command = locker.CreateCommand();
            command.CommandText = "BEGIN IMMEDIATE;";
            await command.ExecuteNonQueryAsync();

            await Assert.ThrowsAsync<SqliteException>(() => store.AuditLog.AppendAsync(Full(T0.AddSeconds(1), "req-locked"), CancellationToken.None));
        }

        await store.AuditLog.AppendAsync(Full(T0.AddSeconds(2), "req-3"), CancellationToken.None);

        var ids = (await store.AuditLog.QueryAsync(new AuditQuery(null, null, 10), CancellationToken.None)).Select(r => r.RequestId);
        Assert.Equal(["req-3", "req-1"], ids);
    }

    private static AuditRecord Full(DateTimeOffset time, string requestId) => new(
        time, requestId, "AssumeRole", AuditOutcome.Success, null, "arn:aws:iam::111111111111:user/alice", "AKIAEXAMPLE",
        "127.0.0.1", "aws-sdk-dotnet", "arn:aws:iam::111111111111:role/demo", "s1", "alice@example.com", "ASIAEXAMPLE",
        time.AddHours(1), 3);
}
