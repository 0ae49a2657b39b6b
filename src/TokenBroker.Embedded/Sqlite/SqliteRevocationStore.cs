using TokenBroker.Core.Model;
using TokenBroker.Core.Ports;
using TokenBroker.Core.Revocation;

namespace TokenBroker.Embedded.Sqlite;

/// <summary>Revocation cutoffs in the SQLite database; a cutoff only ever moves later.</summary>
public sealed class SqliteRevocationStore : IRevocationStore
{
    /// <summary>The longest session any flow issues (GetFederationToken, 36 hours): a cutoff older than that concerns nothing.</summary>
    public static readonly TimeSpan CutoffLifetime = TimeSpan.FromSeconds(129600);

    private readonly SqliteDatabase _database;

    internal SqliteRevocationStore(SqliteDatabase database) => _database = database;

    /// <inheritdoc />
    public async Task<DateTimeOffset> SetCutoffAsync(RevocationScope scope, string subject, DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subject);
        var milliseconds = cutoff.ToUnixTimeMilliseconds();
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);

        // One statement: the upsert's WHERE makes the write conditional, so a later cutoff is never overwritten.
        await using var command = SqliteDatabase.Command(connection, null,
            """
            INSERT INTO revocation_cutoffs (scope, subject, cutoff, expires_at) VALUES ($scope, $subject, $cutoff, $expires)
            ON CONFLICT (scope, subject) DO UPDATE SET cutoff = excluded.cutoff, expires_at = excluded.expires_at
            WHERE excluded.cutoff > revocation_cutoffs.cutoff
            RETURNING cutoff;
            """,
            ("$scope", scope.ToString()), ("$subject", subject), ("$cutoff", milliseconds),
            ("$expires", SaturatingTime.Add(cutoff, CutoffLifetime).ToUnixTimeMilliseconds()));
        if (await command.ExecuteScalarAsync(cancellationToken) is long written)
        {
            return DateTimeOffset.FromUnixTimeMilliseconds(written);
        }

        return await GetCutoffAsync(scope, subject, cancellationToken)
            ?? throw new InvalidOperationException("A cutoff row vanished between write and read.");
    }

    /// <inheritdoc />
    public async Task<DateTimeOffset?> GetCutoffAsync(RevocationScope scope, string subject, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        await using var command = SqliteDatabase.Command(connection, null,
            "SELECT cutoff FROM revocation_cutoffs WHERE scope = $scope AND subject = $subject;",
            ("$scope", scope.ToString()), ("$subject", subject));
        return await command.ExecuteScalarAsync(cancellationToken) is long cutoff ? DateTimeOffset.FromUnixTimeMilliseconds(cutoff) : null;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<RevocationCutoff>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        await using var command = SqliteDatabase.Command(connection, null,
            "SELECT scope, subject, cutoff FROM revocation_cutoffs ORDER BY scope, subject;");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var cutoffs = new List<RevocationCutoff>();
        while (await reader.ReadAsync(cancellationToken))
        {
            cutoffs.Add(new RevocationCutoff(
                Enum.Parse<RevocationScope>(reader.GetString(0)), reader.GetString(1),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2))));
        }

        return cutoffs;
    }
}
