using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using TokenBroker.Core.Model;

namespace TokenBroker.Embedded.Sqlite;

/// <summary>Reading and replacing the whole directory.</summary>
public sealed partial class SqliteDirectory
{
    // Children before parents, so that foreign keys hold after every statement.
    private static readonly string[] DeleteAll =
    [
        "DELETE FROM access_keys;",
        "DELETE FROM mfa_devices;",
        "DELETE FROM iam_users;",
        "DELETE FROM iam_groups;",
        "DELETE FROM iam_roles;",
        "DELETE FROM managed_policies;",
        "DELETE FROM accounts;",
    ];

    /// <inheritdoc />
    public async Task<DirectorySnapshot> ExportAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);

        // One read transaction: in WAL mode every query below sees the same committed directory.
        await using var transaction = connection.BeginTransaction(deferred: true);
        var accounts = await ReadAllAsync(connection, transaction, "SELECT account_id FROM accounts ORDER BY rowid;", row => AccountId.Parse(row.GetString(0)), cancellationToken);
        var users = await ReadAllAsync(connection, transaction, $"SELECT {UserColumns} FROM iam_users ORDER BY rowid;", ReadUser, cancellationToken);
        var keys = await ReadAllAsync(connection, transaction, $"SELECT {AccessKeyColumns} FROM access_keys ORDER BY rowid;", ReadAccessKey, cancellationToken);
        var devices = await ReadAllAsync(connection, transaction, $"SELECT {MfaColumns} FROM mfa_devices ORDER BY rowid;", ReadMfaDevice, cancellationToken);
        var groups = await ReadAllAsync(connection, transaction, $"SELECT {GroupColumns} FROM iam_groups ORDER BY rowid;", ReadGroup, cancellationToken);
        var policies = await ReadAllAsync(connection, transaction, $"SELECT {PolicyColumns} FROM managed_policies ORDER BY rowid;", ReadManagedPolicy, cancellationToken);
        var roles = await ReadAllAsync(connection, transaction, $"SELECT {RoleColumns} FROM iam_roles ORDER BY rowid;", ReadRole, cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        return new DirectorySnapshot(accounts.Select(account => new AccountSnapshot(
            account,
            users.Where(u => u.Account == account).ToList(),
            keys.Where(k => k.Account == account).ToList(),
            devices.Where(d => d.Account == account).ToList(),
            groups.Where(g => g.Account == account).ToList(),
            policies.Where(p => p.Account == account).ToList(),
            roles.Where(r => r.Account == account).ToList())).ToList());
    }

    /// <inheritdoc />
    public async Task ReplaceAsync(DirectorySnapshot snapshot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        EnsureConsistent(snapshot);
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);

        // BEGIN IMMEDIATE; disposing without commit rolls back, so any failure leaves the previous directory.
        await using var transaction = connection.BeginTransaction();
        foreach (var statement in DeleteAll)
        {
            await SqliteDatabase.ExecuteAsync(connection, transaction, statement, cancellationToken);
        }

        foreach (var account in snapshot.Accounts)
        {
            await WriteAccountAsync(connection, transaction, account, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private async Task WriteAccountAsync(SqliteConnection connection, SqliteTransaction transaction, AccountSnapshot account, CancellationToken cancellationToken)
    {
        await SqliteDatabase.ExecuteAsync(connection, transaction, "INSERT INTO accounts (account_id) VALUES ($account);", cancellationToken, ("$account", account.Id.Value));
        foreach (var policy in account.ManagedPolicies)
        {
            await SqliteDatabase.ExecuteAsync(connection, transaction,
                "INSERT INTO managed_policies (policy_arn, account_id, policy_name, policy_id, path, document) VALUES ($arn, $account, $name, $id, $path, $document);",
                cancellationToken, ("$arn", policy.Arn.ToString()), ("$account", policy.Account.Value), ("$name", policy.PolicyName), ("$id", policy.PolicyId),
                ("$path", policy.Path), ("$document", policy.Document));
        }

        foreach (var group in account.Groups)
        {
            await SqliteDatabase.ExecuteAsync(connection, transaction,
                $"INSERT INTO iam_groups ({GroupColumns}) VALUES ($account, $name, $id, $path, $policies, $managed);",
                cancellationToken, ("$account", group.Account.Value), ("$name", group.GroupName), ("$id", group.GroupId), ("$path", group.Path),
                ("$policies", ToJson(group.Policies)), ("$managed", ToJson(group.ManagedPolicyArns)));
        }

        foreach (var user in account.Users)
        {
            await SqliteDatabase.ExecuteAsync(connection, transaction,
                $"INSERT INTO iam_users ({UserColumns}) VALUES ($account, $name, $id, $path, $policies, $managed, $groups, $boundary, $tags);",
                cancellationToken, ("$account", user.Account.Value), ("$name", user.UserName), ("$id", user.UserId), ("$path", user.Path),
                ("$policies", ToJson(user.Policies)), ("$managed", ToJson(user.ManagedPolicyArns)), ("$groups", ToJson(user.Groups)),
                ("$boundary", user.PermissionsBoundaryArn), ("$tags", ToJson(user.Tags)));
        }

        foreach (var role in account.Roles)
        {
            await SqliteDatabase.ExecuteAsync(connection, transaction,
                $"INSERT INTO iam_roles ({RoleColumns}) VALUES ($account, $name, $id, $path, $trust, $policies, $managed, $duration, $boundary, $tags);",
                cancellationToken, ("$account", role.Account.Value), ("$name", role.RoleName), ("$id", role.RoleId), ("$path", role.Path),
                ("$trust", role.TrustPolicy), ("$policies", ToJson(role.Policies)), ("$managed", ToJson(role.ManagedPolicyArns)),
                ("$duration", role.MaxSessionDuration), ("$boundary", role.PermissionsBoundaryArn), ("$tags", ToJson(role.Tags)));
        }

        foreach (var key in account.AccessKeys)
        {
            var secret = _secrets.Seal(Encoding.UTF8.GetBytes(key.SecretAccessKey), AccessKeyPurpose, key.AccessKeyId.Value, key.Account.Value, key.UserName);
            await SqliteDatabase.ExecuteAsync(connection, transaction,
                $"INSERT INTO access_keys ({AccessKeyColumns}) VALUES ($id, $account, $user, $secret, $status, $created, $lastUsed);",
                cancellationToken, ("$id", key.AccessKeyId.Value), ("$account", key.Account.Value), ("$user", key.UserName), ("$secret", secret),
                ("$status", key.Status.ToString()), ("$created", key.CreatedAt.UtcTicks), ("$lastUsed", key.LastUsedAt?.UtcTicks));
        }

        foreach (var device in account.MfaDevices)
        {
            var seed = _secrets.Seal(device.Seed, MfaSeedPurpose, device.SerialNumber, device.Account.Value, device.UserName);
            await SqliteDatabase.ExecuteAsync(connection, transaction,
                $"INSERT INTO mfa_devices ({MfaColumns}) VALUES ($serial, $account, $user, $seed);",
                cancellationToken, ("$serial", device.SerialNumber), ("$account", device.Account.Value), ("$user", device.UserName), ("$seed", seed));
        }
    }

    // Every record of an account snapshot must belong to that account; otherwise export would regroup it elsewhere.
    private static void EnsureConsistent(DirectorySnapshot snapshot)
    {
        foreach (var account in snapshot.Accounts)
        {
            var owners = account.Users.Select(u => u.Account)
                .Concat(account.AccessKeys.Select(k => k.Account))
                .Concat(account.MfaDevices.Select(d => d.Account))
                .Concat(account.Groups.Select(g => g.Account))
                .Concat(account.ManagedPolicies.Select(p => p.Account))
                .Concat(account.Roles.Select(r => r.Account));
            if (owners.Any(owner => owner != account.Id))
            {
                throw new ArgumentException($"A record in account {account.Id} names another account.", nameof(snapshot));
            }
        }
    }

    private static async Task<List<T>> ReadAllAsync<T>(SqliteConnection connection, SqliteTransaction transaction, string sql, Func<SqliteDataReader, T> read, CancellationToken cancellationToken)
    {
        await using var command = SqliteDatabase.Command(connection, transaction, sql);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    private static string ToJson(IReadOnlyList<InlinePolicy> value) => JsonSerializer.Serialize(value, DirectoryJsonContext.Default.IReadOnlyListInlinePolicy);

    private static string ToJson(IReadOnlyList<string> value) => JsonSerializer.Serialize(value, DirectoryJsonContext.Default.IReadOnlyListString);

    private static string ToJson(IReadOnlyList<Tag> value) => JsonSerializer.Serialize(value, DirectoryJsonContext.Default.IReadOnlyListTag);
}
