using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using TokenBroker.Core.Model;
using TokenBroker.Core.Ports;

namespace TokenBroker.Embedded.Sqlite;

/// <summary>
/// The directory in SQLite. Every read goes to the database, so a <c>directory apply</c> made while a broker runs
/// takes effect on the broker's next request; secrets are stored encrypted under the directory data key.
/// </summary>
public sealed partial class SqliteDirectory : IDirectory
{
    private const string AccessKeyPurpose = "access-key-secret";
    private const string MfaSeedPurpose = "mfa-seed";
    private const string UserColumns = "account_id, user_name, user_id, path, policies, managed_policy_arns, group_names, permissions_boundary_arn, tags";
    private const string GroupColumns = "account_id, group_name, group_id, path, policies, managed_policy_arns";
    private const string RoleColumns = "account_id, role_name, role_id, path, trust_policy, policies, managed_policy_arns, max_session_duration, permissions_boundary_arn, tags";
    private const string PolicyColumns = "account_id, policy_name, policy_id, path, document";
    private const string AccessKeyColumns = "access_key_id, account_id, user_name, secret, status, created_at, last_used_at";
    private const string MfaColumns = "serial_number, account_id, user_name, seed";

    private readonly SqliteDatabase _database;
    private readonly SecretBox _secrets;

    internal SqliteDirectory(SqliteDatabase database, SecretBox secrets)
    {
        _database = database;
        _secrets = secrets;
    }

    /// <inheritdoc />
    public Task<AccessKey?> FindAccessKeyAsync(AccessKeyId accessKeyId, CancellationToken cancellationToken) =>
        QuerySingleAsync($"SELECT {AccessKeyColumns} FROM access_keys WHERE access_key_id = $id;", ReadAccessKey, cancellationToken, ("$id", accessKeyId.Value));

    /// <inheritdoc />
    public async Task<bool> AccountExistsAsync(AccountId account, CancellationToken cancellationToken) =>
        await QuerySingleAsync("SELECT 1 FROM accounts WHERE account_id = $account;", _ => true, cancellationToken, ("$account", account.Value));

    /// <inheritdoc />
    public Task<IamUser?> FindUserAsync(AccountId account, string userName, CancellationToken cancellationToken) =>
        QuerySingleAsync($"SELECT {UserColumns} FROM iam_users WHERE account_id = $account AND user_name = $name;", ReadUser, cancellationToken,
            ("$account", account.Value), ("$name", userName));

    /// <inheritdoc />
    public Task<IamGroup?> FindGroupAsync(AccountId account, string groupName, CancellationToken cancellationToken) =>
        QuerySingleAsync($"SELECT {GroupColumns} FROM iam_groups WHERE account_id = $account AND group_name = $name;", ReadGroup, cancellationToken,
            ("$account", account.Value), ("$name", groupName));

    /// <inheritdoc />
    public Task<IamRole?> FindRoleAsync(AccountId account, string roleName, CancellationToken cancellationToken) =>
        QuerySingleAsync($"SELECT {RoleColumns} FROM iam_roles WHERE account_id = $account AND role_name = $name;", ReadRole, cancellationToken,
            ("$account", account.Value), ("$name", roleName));

    /// <inheritdoc />
    public Task<ManagedPolicy?> FindManagedPolicyAsync(string policyArn, CancellationToken cancellationToken) =>
        QuerySingleAsync($"SELECT {PolicyColumns} FROM managed_policies WHERE policy_arn = $arn;", ReadManagedPolicy, cancellationToken, ("$arn", policyArn));

    /// <inheritdoc />
    public Task<MfaDevice?> FindMfaDeviceAsync(string serialNumber, CancellationToken cancellationToken) =>
        QuerySingleAsync($"SELECT {MfaColumns} FROM mfa_devices WHERE serial_number = $serial;", ReadMfaDevice, cancellationToken, ("$serial", serialNumber));

    /// <inheritdoc />
    public async Task RecordAccessKeyUseAsync(AccessKeyId accessKeyId, DateTimeOffset usedAt, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        await SqliteDatabase.ExecuteAsync(connection, null,
            "UPDATE access_keys SET last_used_at = $usedAt WHERE access_key_id = $id AND (last_used_at IS NULL OR last_used_at < $usedAt);",
            cancellationToken, ("$id", accessKeyId.Value), ("$usedAt", usedAt.UtcTicks));
    }

    /// <inheritdoc />
    public async Task<bool> TryUseTotpStepAsync(string serialNumber, long timeStep, CancellationToken cancellationToken)
    {
        // One statement, so two concurrent requests with the same code cannot both see the step as unused: the
        // insert or the conditional update changes a row for exactly one of them (RFC 6238 §5.2).
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        var changed = await SqliteDatabase.ExecuteAsync(connection, null,
            """
            INSERT INTO totp_steps (serial_number, last_step) VALUES ($serial, $step)
            ON CONFLICT (serial_number) DO UPDATE SET last_step = excluded.last_step WHERE excluded.last_step > totp_steps.last_step;
            """,
            cancellationToken, ("$serial", serialNumber), ("$step", timeStep));
        return changed == 1;
    }

    private async Task<T?> QuerySingleAsync<T>(string sql, Func<SqliteDataReader, T> read, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        await using var command = SqliteDatabase.Command(connection, null, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? read(reader) : default;
    }

    private static IamUser ReadUser(SqliteDataReader row) => new(
        AccountId.Parse(row.GetString(0)),
        row.GetString(1),
        row.GetString(2),
        row.GetString(3),
        FromJson(row.GetString(4), DirectoryJsonContext.Default.IReadOnlyListInlinePolicy),
        FromJson(row.GetString(5), DirectoryJsonContext.Default.IReadOnlyListString),
        FromJson(row.GetString(6), DirectoryJsonContext.Default.IReadOnlyListString),
        row.IsDBNull(7) ? null : row.GetString(7),
        FromJson(row.GetString(8), DirectoryJsonContext.Default.IReadOnlyListTag));

    private static IamGroup ReadGroup(SqliteDataReader row) => new(
        AccountId.Parse(row.GetString(0)),
        row.GetString(1),
        row.GetString(2),
        row.GetString(3),
        FromJson(row.GetString(4), DirectoryJsonContext.Default.IReadOnlyListInlinePolicy),
        FromJson(row.GetString(5), DirectoryJsonContext.Default.IReadOnlyListString));

    private static IamRole ReadRole(SqliteDataReader row) => new(
        AccountId.Parse(row.GetString(0)),
        row.GetString(1),
        row.GetString(2),
        row.GetString(3),
        row.GetString(4),
        FromJson(row.GetString(5), DirectoryJsonContext.Default.IReadOnlyListInlinePolicy),
        FromJson(row.GetString(6), DirectoryJsonContext.Default.IReadOnlyListString),
        row.GetInt32(7),
        row.IsDBNull(8) ? null : row.GetString(8),
        FromJson(row.GetString(9), DirectoryJsonContext.Default.IReadOnlyListTag));

    private static ManagedPolicy ReadManagedPolicy(SqliteDataReader row) => new(
        AccountId.Parse(row.GetString(0)),
        row.GetString(1),
        row.GetString(2),
        row.GetString(3),
        row.GetString(4));

    private AccessKey ReadAccessKey(SqliteDataReader row)
    {
        var id = row.GetString(0);
        var account = row.GetString(1);
        var userName = row.GetString(2);
        var secret = _secrets.Open((byte[])row.GetValue(3), AccessKeyPurpose, id, account, userName);
        return new AccessKey(
            AccessKeyId.Parse(id),
            AccountId.Parse(account),
            userName,
            Encoding.UTF8.GetString(secret),
            Enum.Parse<AccessKeyStatus>(row.GetString(4)),
            new DateTimeOffset(row.GetInt64(5), TimeSpan.Zero),
            row.IsDBNull(6) ? null : new DateTimeOffset(row.GetInt64(6), TimeSpan.Zero));
    }

    private MfaDevice ReadMfaDevice(SqliteDataReader row)
    {
        var serial = row.GetString(0);
        var account = row.GetString(1);
        var userName = row.GetString(2);
        var seed = _secrets.Open((byte[])row.GetValue(3), MfaSeedPurpose, serial, account, userName);
        return new MfaDevice(serial, AccountId.Parse(account), userName, seed);
    }

    private static T FromJson<T>(string json, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo) =>
        JsonSerializer.Deserialize(json, typeInfo) ?? throw new InvalidDataException("A directory row holds a null list.");
}
