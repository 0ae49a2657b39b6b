using Microsoft.Data.Sqlite;
using TokenBroker.Core.Audit;

namespace TokenBroker.Embedded.Sqlite;

/// <summary>
/// The audit log's single writer: one connection and one prepared insert kept between batches, each batch committed
/// in one transaction (synchronous = FULL, so the commit is on disk when it returns). Not thread-safe: only the
/// audit log's write loop uses it.
/// </summary>
internal sealed class SqliteAuditBatchWriter(SqliteDatabase database, string insertSql, Action<SqliteCommand, AuditRecord> bind)
{
    private SqliteConnection? _connection;
    private SqliteCommand? _insert;

    /// <summary>Inserts the records in one transaction and commits it.</summary>
    public async Task CommitAsync(IReadOnlyList<AuditRecord> records)
    {
        if (_connection is null || _insert is null)
        {
            await ResetAsync();
            _connection = await database.OpenConnectionAsync(CancellationToken.None);
            _insert = SqliteDatabase.Command(_connection, null, insertSql);
        }

        await using var transaction = (SqliteTransaction)await _connection.BeginTransactionAsync();
        _insert.Transaction = transaction;
        foreach (var record in records)
        {
            bind(_insert, record);
            await _insert.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
        _insert.Transaction = null;
    }

    /// <summary>
    /// Closes the connection (after a failure, or when the log closes); the next batch opens a new one. A connection
    /// that SQLite fails to close is dropped, not thrown: the write loop must go on serving later records.
    /// </summary>
    public async Task ResetAsync()
    {
        var (insert, connection) = (_insert, _connection);
        (_insert, _connection) = (null, null);
        try
        {
            if (insert is not null)
            {
                await insert.DisposeAsync();
            }

            if (connection is not null)
            {
                await connection.DisposeAsync();
            }
        }
        catch (SqliteException)
        {
            // Dropped with its pool slot; SQLite rolls back whatever it held when the handle is finalized.
        }
    }
}
