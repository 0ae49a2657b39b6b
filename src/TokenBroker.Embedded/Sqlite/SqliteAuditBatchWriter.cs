using Microsoft.Data.Sqlite;
using TokenBroker.Core.Audit;

namespace TokenBroker.Embedded.Sqlite;

/// <summary>
/// The audit log's single writer: one connection and one prepared insert kept between batches, each batch committed
/// in one transaction (synchronous = FULL, so the commit is on disk when it returns). Synchronous and not
/// thread-safe: only the audit log's writer thread uses it.
/// </summary>
internal sealed class SqliteAuditBatchWriter(SqliteDatabase database, string insertSql, Action<SqliteAuditInsert, AuditRecord> bind) : IDisposable
{
    private SqliteConnection? _connection;
    private SqliteAuditInsert? _insert;

    /// <summary>Inserts the records in one transaction and commits it; on failure nothing of the batch is kept.</summary>
    public void Commit(IReadOnlyList<AuditRecord> records)
    {
        if (_connection is null || _insert is null)
        {
            Reset();
            // Opening a SQLite connection completes synchronously; this runs on the writer's own thread.
            _connection = database.OpenConnectionAsync(CancellationToken.None).GetAwaiter().GetResult();
            _insert = new SqliteAuditInsert(_connection, insertSql);
        }

        // IMMEDIATE takes the write lock up front, waiting out another writer for the busy timeout.
        _insert.Execute("BEGIN IMMEDIATE;");
        try
        {
            foreach (var record in records)
            {
                bind(_insert, record);
                _insert.Run();
            }

            _insert.Execute("COMMIT;");
        }
        catch
        {
            // The connection goes back to the pool when reset: it must not carry this transaction there. One that
            // cannot be rolled back is closed for good instead.
            if (!_insert.TryRollBack())
            {
                SqliteConnection.ClearPool(_connection);
            }

            Reset();
            throw;
        }
    }

    /// <summary>Closes the connection.</summary>
    public void Dispose() => Reset();

    /// <summary>
    /// Closes the connection (after a failure, or when the log closes); the next batch opens a new one. A connection
    /// that SQLite fails to close is dropped, not thrown: the write loop must go on serving later records.
    /// </summary>
    private void Reset()
    {
        var (insert, connection) = (_insert, _connection);
        (_insert, _connection) = (null, null);
        try
        {
            insert?.Dispose();
            connection?.Dispose();
        }
        catch (SqliteException)
        {
            // Dropped with its pool slot; SQLite rolls back whatever it held when the handle is finalized.
        }
    }
}
