using TokenBroker.Core.Ports;

namespace TokenBroker.Embedded.Sqlite;

/// <summary>Write-once key records (wrapped data keys, public keys) in the SQLite database.</summary>
public sealed class SqliteKeyRecordStore : IKeyRecordStore
{
    private readonly SqliteDatabase _database;

    internal SqliteKeyRecordStore(SqliteDatabase database) => _database = database;

    /// <inheritdoc />
    public async Task<byte[]?> GetAsync(string name, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        await using var command = SqliteDatabase.Command(connection, null, "SELECT value FROM key_records WHERE name = $name;", ("$name", name));
        return await command.ExecuteScalarAsync(cancellationToken) as byte[];
    }

    /// <inheritdoc />
    public async Task<byte[]> GetOrCreateAsync(string name, byte[] value, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction();
        await SqliteDatabase.ExecuteAsync(connection, transaction,
            "INSERT INTO key_records (name, value) VALUES ($name, $value) ON CONFLICT (name) DO NOTHING;",
            cancellationToken, ("$name", name), ("$value", value));
        await using var command = SqliteDatabase.Command(connection, transaction, "SELECT value FROM key_records WHERE name = $name;", ("$name", name));
        var stored = (byte[])(await command.ExecuteScalarAsync(cancellationToken))!;
        await transaction.CommitAsync(cancellationToken);
        return stored;
    }
}
