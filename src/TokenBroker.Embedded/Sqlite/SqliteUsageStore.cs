using Microsoft.Data.Sqlite;
using TokenBroker.Core.Model;
using TokenBroker.Core.Ports;
using TokenBroker.Core.Usage;

namespace TokenBroker.Embedded.Sqlite;

/// <summary>
/// Usage records in the SQLite database: one row per key (<c>access_key_usage</c>) and per entity action
/// (<c>action_usage</c>), each batch written in one transaction with upserts that keep the later use.
/// </summary>
public sealed class SqliteUsageStore : IUsageStore
{
    private readonly SqliteDatabase _database;

    internal SqliteUsageStore(SqliteDatabase database) => _database = database;

    /// <inheritdoc />
    public async Task WriteAsync(IReadOnlyCollection<AccessKeyUse> keys, IReadOnlyCollection<ActionUse> actions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(actions);
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        foreach (var key in keys)
        {
            await SqliteDatabase.ExecuteAsync(connection, transaction,
                """
                INSERT INTO access_key_usage (access_key_id, used_at, region, service) VALUES ($id, $at, $region, $service)
                ON CONFLICT (access_key_id) DO UPDATE SET used_at = excluded.used_at, region = excluded.region, service = excluded.service
                WHERE excluded.used_at > access_key_usage.used_at;
                """,
                cancellationToken, ("$id", key.AccessKeyId.Value), ("$at", key.UsedAt.ToUnixTimeMilliseconds()), ("$region", key.Region),
                ("$service", key.ServiceNamespace));
        }

        foreach (var action in actions)
        {
            await SqliteDatabase.ExecuteAsync(connection, transaction,
                """
                INSERT INTO action_usage (entity_arn, service, action, used_at, region) VALUES ($entity, $service, $action, $at, $region)
                ON CONFLICT (entity_arn, service, action) DO UPDATE SET used_at = excluded.used_at, region = excluded.region
                WHERE excluded.used_at > action_usage.used_at;
                """,
                cancellationToken, ("$entity", action.EntityArn), ("$service", action.ServiceNamespace), ("$action", action.ActionName),
                ("$at", action.UsedAt.ToUnixTimeMilliseconds()), ("$region", action.Region));
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async Task<AccessKeyUse?> GetAccessKeyUseAsync(AccessKeyId accessKeyId, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        await using var command = SqliteDatabase.Command(connection, null,
            "SELECT used_at, region, service FROM access_key_usage WHERE access_key_id = $id;", ("$id", accessKeyId.Value));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new AccessKeyUse(accessKeyId, DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(0)), reader.GetString(1), reader.GetString(2))
            : null;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ActionUse>> GetActionUsesAsync(string entityArn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entityArn);
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        await using var command = SqliteDatabase.Command(connection, null,
            "SELECT service, action, used_at, region FROM action_usage WHERE entity_arn = $entity;", ("$entity", entityArn));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var uses = new List<ActionUse>();
        while (await reader.ReadAsync(cancellationToken))
        {
            uses.Add(new ActionUse(entityArn, reader.GetString(0), reader.GetString(1), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)), reader.GetString(3)));
        }

        return uses;
    }

    /// <inheritdoc />
    public async Task<StoredReport> GetOrCreateReportAsync(string name, StoredReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(report);
        await using (var connection = await _database.OpenConnectionAsync(cancellationToken))
        {
            if (report.ExpiresAt is not null)
            {
                // The expiry sweep: reports whose time passed before this one was generated.
                await SqliteDatabase.ExecuteAsync(connection, null, "DELETE FROM reports WHERE expires_at < $now;",
                    cancellationToken, ("$now", report.GeneratedTime.ToUnixTimeMilliseconds()));
            }

            await SqliteDatabase.ExecuteAsync(connection, null,
                "INSERT INTO reports (name, generated_at, content, expires_at) VALUES ($name, $at, $content, $expires) ON CONFLICT (name) DO NOTHING;",
                cancellationToken, ("$name", name), ("$at", report.GeneratedTime.ToUnixTimeMilliseconds()), ("$content", report.Content),
                ("$expires", report.ExpiresAt?.ToUnixTimeMilliseconds()));
        }

        return await GetReportAsync(name, cancellationToken) ?? throw new InvalidOperationException("A stored report vanished.");
    }

    /// <inheritdoc />
    public async Task<StoredReport?> GetReportAsync(string name, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        await using var command = SqliteDatabase.Command(connection, null,
            "SELECT generated_at, content, expires_at FROM reports WHERE name = $name;", ("$name", name));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new StoredReport(DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(0)), (byte[])reader.GetValue(1))
            {
                ExpiresAt = reader.IsDBNull(2) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)),
            }
            : null;
    }
}
