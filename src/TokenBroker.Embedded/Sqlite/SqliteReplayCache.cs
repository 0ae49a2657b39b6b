using TokenBroker.Core.Ports;

namespace TokenBroker.Embedded.Sqlite;

/// <summary>The replay cache in the SQLite database, shared by every process that opens the data folder.</summary>
public sealed class SqliteReplayCache : IReplayCache
{
    private readonly SqliteDatabase _database;
    private readonly TimeProvider _timeProvider;

    internal SqliteReplayCache(SqliteDatabase database, TimeProvider timeProvider)
    {
        _database = database;
        _timeProvider = timeProvider;
    }

    /// <inheritdoc />
    public async Task<bool> TryAddAsync(string key, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        var now = _timeProvider.GetUtcNow().UtcTicks;
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);

        // BEGIN IMMEDIATE serializes writers across processes; the upsert changes a row only when the key is new or
        // its previous entry has expired, so of two concurrent uses of one key exactly one is admitted.
        await using var transaction = connection.BeginTransaction();
        await SqliteDatabase.ExecuteAsync(connection, transaction, "DELETE FROM replay_cache WHERE expires_at <= $now;", cancellationToken, ("$now", now));
        var changed = await SqliteDatabase.ExecuteAsync(connection, transaction,
            """
            INSERT INTO replay_cache (key, expires_at) VALUES ($key, $expires)
            ON CONFLICT (key) DO UPDATE SET expires_at = excluded.expires_at WHERE replay_cache.expires_at <= $now;
            """,
            cancellationToken, ("$key", key), ("$expires", expiresAt.UtcTicks), ("$now", now));
        await transaction.CommitAsync(cancellationToken);
        return changed == 1;
    }
}
