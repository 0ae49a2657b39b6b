using Microsoft.Data.Sqlite;
using TokenBroker.Core.Authentication.Mfa;
using TokenBroker.Core.Ports;

namespace TokenBroker.Embedded.Sqlite;

/// <summary>
/// The MFA attempt store in the SQLite database, shared by every process that opens the data folder: each change is
/// one BEGIN IMMEDIATE transaction that reads the device's row, applies the <see cref="MfaAttempts"/> transition and
/// writes it back, so concurrent attempts from any process are counted one after the other.
/// </summary>
public sealed class SqliteMfaAttempts : IMfaAttemptStore
{
    private readonly SqliteDatabase _database;

    internal SqliteMfaAttempts(SqliteDatabase database) => _database = database;

    /// <inheritdoc />
    public async Task UpdateAsync(string serialNumber, Func<MfaAttempts, MfaAttempts> transition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(serialNumber);
        ArgumentNullException.ThrowIfNull(transition);
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);

        // BEGIN IMMEDIATE takes the write lock before the read, so no other writer can slip between read and write.
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        var current = await ReadAsync(connection, transaction, serialNumber, cancellationToken);
        var next = transition(current);
        if (next != current)
        {
            await SqliteDatabase.ExecuteAsync(connection, transaction,
                """
                INSERT INTO mfa_attempts (serial_number, failures, locked_until) VALUES ($serial, $failures, $locked)
                ON CONFLICT (serial_number) DO UPDATE SET failures = excluded.failures, locked_until = excluded.locked_until;
                """,
                cancellationToken, ("$serial", serialNumber), ("$failures", next.Failures), ("$locked", next.LockedUntil?.ToUnixTimeMilliseconds()));
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task<MfaAttempts> ReadAsync(
        SqliteConnection connection, SqliteTransaction transaction, string serialNumber, CancellationToken cancellationToken)
    {
        await using var command = SqliteDatabase.Command(connection, transaction,
            "SELECT failures, locked_until FROM mfa_attempts WHERE serial_number = $serial;", ("$serial", serialNumber));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return MfaAttempts.None;
        }

        return new MfaAttempts(reader.GetInt32(0), reader.IsDBNull(1) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)));
    }
}
