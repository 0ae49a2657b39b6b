using System.Globalization;
using Microsoft.Data.Sqlite;

namespace TokenBroker.Embedded.Sqlite;

/// <summary>One SQLite database file: opens durable connections and brings the schema up to date.</summary>
internal sealed class SqliteDatabase : IDisposable
{
    private static readonly TimeSpan DefaultBusyTimeout = TimeSpan.FromSeconds(10);

    private readonly string _connectionString;

    // Per-connection settings: FULL syncs the WAL on every commit, so a committed directory survives a power cut
    // (https://www.sqlite.org/pragma.html#pragma_synchronous); the busy timeout lets a writer wait for another, and
    // bounds how long a request waits on a database locked by someone else.
    private readonly string _connectionPragmas;

    private SqliteDatabase(string path, TimeSpan busyTimeout)
    {
        Path = path;
        // Microsoft.Data.Sqlite retries a busy statement itself until the command timeout (whole seconds): the same bound.
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            ForeignKeys = true,
            Pooling = true,
            DefaultTimeout = Math.Max(1, (int)Math.Ceiling(busyTimeout.TotalSeconds)),
        }.ToString();
        _connectionPragmas = string.Create(CultureInfo.InvariantCulture,
            $"PRAGMA synchronous = FULL; PRAGMA busy_timeout = {(long)busyTimeout.TotalMilliseconds};");
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <summary>Opens the database in WAL mode and applies the migrations it lacks; refuses a newer schema.</summary>
    public static async Task<SqliteDatabase> OpenAsync(string path, CancellationToken cancellationToken, TimeSpan? busyTimeout = null)
    {
        var database = new SqliteDatabase(path, busyTimeout ?? DefaultBusyTimeout);
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await ExecuteAsync(connection, null, "PRAGMA journal_mode = WAL;", cancellationToken);
        await MigrateAsync(connection, cancellationToken);
        return database;
    }

    /// <summary>A new pooled connection with foreign keys on, FULL synchronous and the busy timeout set.</summary>
    public async Task<SqliteConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await ExecuteAsync(connection, null, _connectionPragmas, cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>A command with its parameters bound by name; SQL text never contains values.</summary>
    public static SqliteCommand Command(
        SqliteConnection connection, SqliteTransaction? transaction, string sql, params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    /// <summary>Runs a statement and returns the number of rows it changed.</summary>
    public static async Task<int> ExecuteAsync(
        SqliteConnection connection, SqliteTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Releases pooled connections so the file is closed when the store is disposed.</summary>
    public void Dispose()
    {
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }

    private static async Task MigrateAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        // BEGIN IMMEDIATE: two processes opening a new database at once migrate it one after the other.
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, transaction, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL) STRICT;", cancellationToken);
        await using var read = Command(connection, transaction, "SELECT max(version) FROM schema_version;");
        var current = await read.ExecuteScalarAsync(cancellationToken) is long version ? (int)version : 0;
        var migrations = SchemaMigrations.All;
        if (current > migrations.Count)
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                $"The database schema version {current} is newer than this build supports ({migrations.Count})."));
        }

        for (var next = current + 1; next <= migrations.Count; next++)
        {
            await ExecuteAsync(connection, transaction, migrations[next - 1], cancellationToken);
            await ExecuteAsync(connection, transaction, "INSERT INTO schema_version (version) VALUES ($version);", cancellationToken, ("$version", next));
        }

        await transaction.CommitAsync(cancellationToken);
    }
}
