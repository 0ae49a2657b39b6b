using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace TokenBroker.Embedded.Sqlite;

/// <summary>
/// The audit writer's insert, prepared once on its connection and run through SQLite's own statement API: binding
/// and stepping a kept statement costs a few native calls per record, where a <see cref="SqliteCommand"/> builds a
/// data reader and walks its statement list on every execution. Values are set by parameter name.
/// </summary>
internal sealed class SqliteAuditInsert : IDisposable
{
    private readonly sqlite3 _database;
    private readonly sqlite3_stmt _statement;
    private readonly Dictionary<string, int> _indexes = new(StringComparer.Ordinal);

    /// <summary>Prepares <paramref name="sql"/> (one statement) on <paramref name="connection"/>.</summary>
    public SqliteAuditInsert(SqliteConnection connection, string sql)
    {
        _database = connection.Handle!;
        try
        {
            Check(raw.sqlite3_prepare_v2(_database, sql, out _statement));
            for (var index = 1; index <= raw.sqlite3_bind_parameter_count(_statement); index++)
            {
                _indexes.Add(raw.sqlite3_bind_parameter_name(_statement, index).utf8_to_string(), index);
            }
        }
        catch
        {
            // A statement that failed to prepare is still a handle to finalize.
            _statement?.Dispose();
            throw;
        }
    }

    /// <summary>Binds an integer, or NULL.</summary>
    public void Set(string name, long? value) =>
        Check(value is { } number ? raw.sqlite3_bind_int64(_statement, _indexes[name], number) : raw.sqlite3_bind_null(_statement, _indexes[name]));

    /// <summary>Binds a text, or NULL.</summary>
    public void Set(string name, string? value) =>
        Check(value is null ? raw.sqlite3_bind_null(_statement, _indexes[name]) : raw.sqlite3_bind_text(_statement, _indexes[name], value));

    /// <summary>Runs the insert with the values bound, then makes the statement ready for the next record.</summary>
    public void Run()
    {
        var result = raw.sqlite3_step(_statement);
        raw.sqlite3_reset(_statement);
        if (result != raw.SQLITE_DONE)
        {
            Check(result);
        }
    }

    /// <summary>Runs a statement without parameters on the same connection (BEGIN, COMMIT, ROLLBACK).</summary>
    public void Execute(string sql) => Check(raw.sqlite3_exec(_database, sql));

    /// <summary>Rolls back the open transaction, if any; false when the connection is still inside one.</summary>
    public bool TryRollBack()
    {
        if (raw.sqlite3_get_autocommit(_database) == 0)
        {
            raw.sqlite3_exec(_database, "ROLLBACK;");
        }

        return raw.sqlite3_get_autocommit(_database) != 0;
    }

    /// <inheritdoc />
    public void Dispose() => _statement.Dispose();

    private void Check(int result)
    {
        if (result != raw.SQLITE_OK)
        {
            SqliteException.ThrowExceptionForRC(result, _database);
        }
    }
}
