using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using TokenBroker.Core.Credentials;
using TokenBroker.Core.DataPlane;
using TokenBroker.Core.Model;
using TokenBroker.Core.Ports;

namespace TokenBroker.Embedded.Sqlite;

/// <summary>
/// The directory in SQLite. Every read goes to the database, so a <c>directory apply</c> made while a broker runs
/// takes effect on the broker's next request; secrets are stored encrypted under the directory data key.
/// </summary>
public sealed class SqliteDirectory : IDirectory
{
    private const string VersionQuery = "SELECT version FROM directory_version;";
    private const string AccessKeyPurpose = "access-key-secret";
    private const string MfaSeedPurpose = "mfa-seed";
    private const string SamlPrivateKeyPurpose = "saml-private-key";
    private const string UserColumns = "account_id, user_name, user_id, path, policies, managed_policy_arns, group_names, permissions_boundary_arn, tags";
    private const string GroupColumns = "account_id, group_name, group_id, path, policies, managed_policy_arns";
    private const string RoleColumns = "account_id, role_name, role_id, path, trust_policy, policies, managed_policy_arns, max_session_duration, permissions_boundary_arn, tags";
    private const string PolicyColumns = "account_id, policy_name, policy_id, path, document";
    private const string AccessKeyColumns = "access_key_id, account_id, user_name, secret, status, created_at, origin";
    private const string MfaColumns = "serial_number, account_id, user_name, seed, enable_date, origin";
    private const string SamlColumns = "account_id, name, entity_id, signing_certificates, allow_sha1, assertion_encryption_mode";
    private const string SamlKeyColumns = "account_id, provider_name, key_id, timestamp, private_key";
    private const string OidcColumns = "account_id, url, client_ids, thumbprints, allowed_algorithms, allow_http_loopback";

    // Children before parents, so that foreign keys hold after every statement.
    private static readonly string[] DeleteAll =
    [
        "DELETE FROM service_catalogs;",
        "DELETE FROM access_keys;",
        "DELETE FROM mfa_devices;",
        "DELETE FROM saml_private_keys;",
        "DELETE FROM saml_providers;",
        "DELETE FROM oidc_providers;",
        "DELETE FROM iam_users;",
        "DELETE FROM iam_groups;",
        "DELETE FROM iam_roles;",
        "DELETE FROM managed_policies;",
        "DELETE FROM accounts;",
    ];

    private readonly SqliteDatabase _database;
    private readonly SecretBox _secrets;

    internal SqliteDirectory(SqliteDatabase database, SecretBox secrets)
    {
        _database = database;
        _secrets = secrets;
    }

    /// <inheritdoc />
    public async Task<string> CurrentVersionAsync(CancellationToken cancellationToken) =>
        await QuerySingleAsync(VersionQuery, row => row.GetString(0), cancellationToken)
            ?? throw new InvalidOperationException("The directory_version row is missing.");

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

    /// <inheritdoc />
    public async Task<DirectoryView> LoadAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);

        // One read transaction: in WAL mode every query below, the version included, sees the same committed directory.
        await using var transaction = connection.BeginTransaction(deferred: true);
        var version = (await ReadAllAsync(connection, transaction, VersionQuery, row => row.GetString(0), cancellationToken)).Single();
        var accounts = await ReadAllAsync(connection, transaction, "SELECT account_id, outbound_web_identity_federation FROM accounts ORDER BY rowid;",
            row => (Id: AccountId.Parse(row.GetString(0)), Outbound: row.GetInt64(1) == 1), cancellationToken);
        var users = await ReadAllAsync(connection, transaction, $"SELECT {UserColumns} FROM iam_users ORDER BY rowid;", ReadUser, cancellationToken);
        var keys = await ReadAllAsync(connection, transaction, $"SELECT {AccessKeyColumns} FROM access_keys ORDER BY rowid;", ReadAccessKey, cancellationToken);
        var devices = await ReadAllAsync(connection, transaction, $"SELECT {MfaColumns} FROM mfa_devices ORDER BY rowid;", ReadMfaDevice, cancellationToken);
        var groups = await ReadAllAsync(connection, transaction, $"SELECT {GroupColumns} FROM iam_groups ORDER BY rowid;", ReadGroup, cancellationToken);
        var policies = await ReadAllAsync(connection, transaction, $"SELECT {PolicyColumns} FROM managed_policies ORDER BY rowid;", ReadManagedPolicy, cancellationToken);
        var roles = await ReadAllAsync(connection, transaction, $"SELECT {RoleColumns} FROM iam_roles ORDER BY rowid;", ReadRole, cancellationToken);
        var samlProviders = await ReadAllAsync(connection, transaction, $"SELECT {SamlColumns} FROM saml_providers ORDER BY rowid;", ReadSamlProvider, cancellationToken);
        var samlKeys = await ReadAllAsync(connection, transaction, $"SELECT {SamlKeyColumns} FROM saml_private_keys ORDER BY rowid;", ReadSamlPrivateKey, cancellationToken);
        var oidcProviders = await ReadAllAsync(connection, transaction, $"SELECT {OidcColumns} FROM oidc_providers ORDER BY rowid;", ReadOidcProvider, cancellationToken);
        var services = await ReadAllAsync(connection, transaction, "SELECT catalog FROM service_catalogs ORDER BY rowid;",
            row => ServiceCatalogJson.Read(row.GetString(0)), cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        // Grouped once (not filtered per account), so loading stays linear in the size of the directory.
        var usersOf = users.ToLookup(u => u.Account);
        var keysOf = keys.ToLookup(k => k.Account);
        var devicesOf = devices.ToLookup(d => d.Account);
        var groupsOf = groups.ToLookup(g => g.Account);
        var policiesOf = policies.ToLookup(p => p.Account);
        var rolesOf = roles.ToLookup(r => r.Account);
        var samlProvidersOf = samlProviders.ToLookup(p => p.Account);
        var samlKeysOf = samlKeys.ToLookup(k => (k.Account, k.Provider));
        var oidcProvidersOf = oidcProviders.ToLookup(p => p.Account);
        return new DirectoryView(version, new DirectorySnapshot(accounts.Select(entry => new AccountSnapshot(
            entry.Id,
            usersOf[entry.Id].ToList(),
            keysOf[entry.Id].ToList(),
            devicesOf[entry.Id].ToList(),
            groupsOf[entry.Id].ToList(),
            policiesOf[entry.Id].ToList(),
            rolesOf[entry.Id].ToList(),
            samlProvidersOf[entry.Id].Select(p => p with { PrivateKeyList = samlKeysOf[(entry.Id, p.Name)].Select(k => k.Key).ToList() }).ToList(),
            oidcProvidersOf[entry.Id].ToList(),
            entry.Outbound)).ToList()) { Services = services });
    }

    /// <inheritdoc />
    public async Task<string> ReplaceAsync(DirectorySnapshot snapshot, string? expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        // Checked whole before the transaction: the schema's constraints stay as a second line, never the first.
        DirectorySnapshotValidator.Check(snapshot);
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);

        // BEGIN IMMEDIATE; disposing without commit rolls back, so any failure leaves the previous directory.
        await using var transaction = connection.BeginTransaction();
        if (expectedVersion is not null)
        {
            // Under the write lock BEGIN IMMEDIATE holds, so no other writer can move the version before the commit.
            var current = (await ReadAllAsync(connection, transaction, VersionQuery, row => row.GetString(0), cancellationToken)).Single();
            if (!string.Equals(current, expectedVersion, StringComparison.Ordinal))
            {
                throw new DirectoryConflictException();
            }
        }

        foreach (var statement in DeleteAll)
        {
            await ExecuteAsync(transaction, statement, cancellationToken);
        }

        foreach (var account in snapshot.Accounts)
        {
            await WriteAccountAsync(transaction, account, cancellationToken);
        }

        foreach (var service in snapshot.Services)
        {
            await ExecuteAsync(transaction, "INSERT INTO service_catalogs (prefix, account_id, catalog) VALUES ($prefix, $account, $catalog);",
                cancellationToken, ("$prefix", service.Prefix), ("$account", service.Account.Value), ("$catalog", ServiceCatalogJson.Write(service)));
        }

        // A new version, never a patch of the old one: readers that hold the old version load this one whole.
        var version = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        await ExecuteAsync(transaction, "UPDATE directory_version SET version = $version;", cancellationToken, ("$version", version));
        await transaction.CommitAsync(cancellationToken);
        return version;
    }

    private async Task WriteAccountAsync(SqliteTransaction transaction, AccountSnapshot account, CancellationToken cancellationToken)
    {
        await ExecuteAsync(transaction, "INSERT INTO accounts (account_id, outbound_web_identity_federation) VALUES ($account, $outbound);", cancellationToken,
            ("$account", account.Id.Value), ("$outbound", account.OutboundWebIdentityFederation ? 1 : 0));
        foreach (var policy in account.ManagedPolicies)
        {
            await ExecuteAsync(transaction,
                $"INSERT INTO managed_policies (policy_arn, {PolicyColumns}) VALUES ($arn, $account, $name, $id, $path, $document);",
                cancellationToken, ("$arn", policy.Arn.ToString()), ("$account", policy.Account.Value), ("$name", policy.PolicyName),
                ("$id", policy.PolicyId), ("$path", policy.Path), ("$document", policy.Document));
        }

        foreach (var group in account.Groups)
        {
            await ExecuteAsync(transaction, $"INSERT INTO iam_groups ({GroupColumns}) VALUES ($account, $name, $id, $path, $policies, $managed);",
                cancellationToken, ("$account", group.Account.Value), ("$name", group.GroupName), ("$id", group.GroupId), ("$path", group.Path),
                ("$policies", ToJson(group.Policies)), ("$managed", ToJson(group.ManagedPolicyArns)));
        }

        foreach (var user in account.Users)
        {
            await WriteUserAsync(transaction, user, cancellationToken);
        }

        foreach (var role in account.Roles)
        {
            await WriteRoleAsync(transaction, role, cancellationToken);
        }

        foreach (var key in account.AccessKeys)
        {
            await WriteAccessKeyAsync(transaction, key, cancellationToken);
        }

        foreach (var provider in account.SamlProviders)
        {
            await WriteSamlProviderAsync(transaction, provider, cancellationToken);
        }

        foreach (var provider in account.OidcProviders)
        {
            await WriteOidcProviderAsync(transaction, provider, cancellationToken);
        }

        foreach (var device in account.MfaDevices)
        {
            var seed = _secrets.Seal(device.Seed, MfaSeedPurpose, device.SerialNumber, device.Account.Value, device.UserName ?? "");
            await ExecuteAsync(transaction, $"INSERT INTO mfa_devices ({MfaColumns}) VALUES ($serial, $account, $user, $seed, $enabled, $origin);",
                cancellationToken, ("$serial", device.SerialNumber), ("$account", device.Account.Value), ("$user", device.UserName), ("$seed", seed),
                ("$enabled", device.EnableDate?.UtcTicks), ("$origin", device.Origin.ToString()));
        }
    }

    private static Task<int> WriteUserAsync(SqliteTransaction transaction, IamUser user, CancellationToken cancellationToken) =>
        ExecuteAsync(transaction,
            $"INSERT INTO iam_users ({UserColumns}) VALUES ($account, $name, $id, $path, $policies, $managed, $groups, $boundary, $tags);",
            cancellationToken, ("$account", user.Account.Value), ("$name", user.UserName), ("$id", user.UserId), ("$path", user.Path),
            ("$policies", ToJson(user.Policies)), ("$managed", ToJson(user.ManagedPolicyArns)), ("$groups", ToJson(user.Groups)),
            ("$boundary", user.PermissionsBoundaryArn), ("$tags", ToJson(user.Tags)));

    private static Task<int> WriteRoleAsync(SqliteTransaction transaction, IamRole role, CancellationToken cancellationToken) =>
        ExecuteAsync(transaction,
            $"INSERT INTO iam_roles ({RoleColumns}) VALUES ($account, $name, $id, $path, $trust, $policies, $managed, $duration, $boundary, $tags);",
            cancellationToken, ("$account", role.Account.Value), ("$name", role.RoleName), ("$id", role.RoleId), ("$path", role.Path),
            ("$trust", role.TrustPolicy), ("$policies", ToJson(role.Policies)), ("$managed", ToJson(role.ManagedPolicyArns)),
            ("$duration", role.MaxSessionDuration), ("$boundary", role.PermissionsBoundaryArn), ("$tags", ToJson(role.Tags)));

    private async Task WriteSamlProviderAsync(SqliteTransaction transaction, SamlProvider provider, CancellationToken cancellationToken)
    {
        await ExecuteAsync(transaction,
            $"INSERT INTO saml_providers ({SamlColumns}) VALUES ($account, $name, $entity, $certificates, $sha1, $mode);",
            cancellationToken, ("$account", provider.Account.Value), ("$name", provider.Name), ("$entity", provider.EntityId),
            ("$certificates", ToJson(provider.SigningCertificates.Select(Convert.ToBase64String).ToList())), ("$sha1", provider.AllowSha1 ? 1 : 0),
            ("$mode", provider.AssertionEncryptionMode.ToString()));
        foreach (var key in provider.PrivateKeyList)
        {
            var sealedKey = _secrets.Seal(key.PrivateKey, SamlPrivateKeyPurpose, provider.Account.Value, provider.Name, key.KeyId);
            await ExecuteAsync(transaction, $"INSERT INTO saml_private_keys ({SamlKeyColumns}) VALUES ($account, $name, $keyId, $timestamp, $key);",
                cancellationToken, ("$account", provider.Account.Value), ("$name", provider.Name), ("$keyId", key.KeyId),
                ("$timestamp", key.Timestamp.UtcTicks), ("$key", sealedKey));
        }
    }

    private static Task<int> WriteOidcProviderAsync(SqliteTransaction transaction, OidcProvider provider, CancellationToken cancellationToken) =>
        ExecuteAsync(transaction,
            $"INSERT INTO oidc_providers ({OidcColumns}) VALUES ($account, $url, $clients, $thumbprints, $algorithms, $loopback);",
            cancellationToken, ("$account", provider.Account.Value), ("$url", provider.Url), ("$clients", ToJson(provider.ClientIds)),
            ("$thumbprints", ToJson(provider.Thumbprints)),
            ("$algorithms", provider.AllowedAlgorithms is { } algorithms ? ToJson(algorithms.Order(StringComparer.Ordinal).ToList()) : null),
            ("$loopback", provider.AllowHttpLoopback ? 1 : 0));

    private Task<int> WriteAccessKeyAsync(SqliteTransaction transaction, AccessKey key, CancellationToken cancellationToken)
    {
        var secret = _secrets.Seal(Encoding.UTF8.GetBytes(key.SecretAccessKey), AccessKeyPurpose, key.AccessKeyId.Value, key.Account.Value, key.UserName);
        return ExecuteAsync(transaction,
            $"INSERT INTO access_keys ({AccessKeyColumns}) VALUES ($id, $account, $user, $secret, $status, $created, $origin);",
            cancellationToken, ("$id", key.AccessKeyId.Value), ("$account", key.Account.Value), ("$user", key.UserName), ("$secret", secret),
            ("$status", key.Status.ToString()), ("$created", key.CreatedAt.UtcTicks),
            ("$origin", key.Origin.ToString()));
    }

    private static Task<int> ExecuteAsync(SqliteTransaction transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters) =>
        SqliteDatabase.ExecuteAsync(transaction.Connection!, transaction, sql, cancellationToken, parameters);

    // Every record of an account snapshot must belong to that account; otherwise export would regroup it elsewhere.
    private static async Task<List<T>> ReadAllAsync<T>(
        SqliteConnection connection, SqliteTransaction? transaction, string sql, Func<SqliteDataReader, T> read, CancellationToken cancellationToken,
        params (string Name, object? Value)[] parameters)
    {
        await using var command = SqliteDatabase.Command(connection, transaction, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    private static string ToJson(IReadOnlyList<InlinePolicy> value) => JsonSerializer.Serialize(value, DirectoryJsonContext.Columns.IReadOnlyListInlinePolicy);

    private static string ToJson(IReadOnlyList<string> value) => JsonSerializer.Serialize(value, DirectoryJsonContext.Columns.IReadOnlyListString);

    private static string ToJson(IReadOnlyList<Tag> value) => JsonSerializer.Serialize(value, DirectoryJsonContext.Columns.IReadOnlyListTag);

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
        FromJson(row.GetString(4), DirectoryJsonContext.Columns.IReadOnlyListInlinePolicy),
        FromJson(row.GetString(5), DirectoryJsonContext.Columns.IReadOnlyListString),
        FromJson(row.GetString(6), DirectoryJsonContext.Columns.IReadOnlyListString),
        row.IsDBNull(7) ? null : row.GetString(7),
        FromJson(row.GetString(8), DirectoryJsonContext.Columns.IReadOnlyListTag));

    private static IamGroup ReadGroup(SqliteDataReader row) => new(
        AccountId.Parse(row.GetString(0)),
        row.GetString(1),
        row.GetString(2),
        row.GetString(3),
        FromJson(row.GetString(4), DirectoryJsonContext.Columns.IReadOnlyListInlinePolicy),
        FromJson(row.GetString(5), DirectoryJsonContext.Columns.IReadOnlyListString));

    private static IamRole ReadRole(SqliteDataReader row) => new(
        AccountId.Parse(row.GetString(0)),
        row.GetString(1),
        row.GetString(2),
        row.GetString(3),
        row.GetString(4),
        FromJson(row.GetString(5), DirectoryJsonContext.Columns.IReadOnlyListInlinePolicy),
        FromJson(row.GetString(6), DirectoryJsonContext.Columns.IReadOnlyListString),
        row.GetInt32(7),
        row.IsDBNull(8) ? null : row.GetString(8),
        FromJson(row.GetString(9), DirectoryJsonContext.Columns.IReadOnlyListTag));

    private static ManagedPolicy ReadManagedPolicy(SqliteDataReader row) => new(
        AccountId.Parse(row.GetString(0)),
        row.GetString(1),
        row.GetString(2),
        row.GetString(3),
        row.GetString(4));

    private static SamlProvider ReadSamlProvider(SqliteDataReader row) => new(
        AccountId.Parse(row.GetString(0)),
        row.GetString(1),
        row.GetString(2),
        FromJson(row.GetString(3), DirectoryJsonContext.Columns.IReadOnlyListString).Select(Convert.FromBase64String).ToList(),
        row.GetInt64(4) == 1)
    {
        AssertionEncryptionMode = Enum.Parse<AssertionEncryptionMode>(row.GetString(5)),
    };

    private (AccountId Account, string Provider, SamlPrivateKey Key) ReadSamlPrivateKey(SqliteDataReader row)
    {
        var account = row.GetString(0);
        var provider = row.GetString(1);
        var keyId = row.GetString(2);
        var key = _secrets.Open((byte[])row.GetValue(4), SamlPrivateKeyPurpose, account, provider, keyId);
        return (AccountId.Parse(account), provider, new SamlPrivateKey(keyId, new DateTimeOffset(row.GetInt64(3), TimeSpan.Zero), key));
    }

    // Stored providers were checked when written; Create re-checks them, so a hand-edited row fails loudly.
    private static OidcProvider ReadOidcProvider(SqliteDataReader row) => OidcProvider.Create(
        AccountId.Parse(row.GetString(0)),
        row.GetString(1),
        FromJson(row.GetString(2), DirectoryJsonContext.Columns.IReadOnlyListString),
        FromJson(row.GetString(3), DirectoryJsonContext.Columns.IReadOnlyListString),
        row.IsDBNull(4) ? null : FromJson(row.GetString(4), DirectoryJsonContext.Columns.IReadOnlyListString).ToHashSet(StringComparer.Ordinal),
        row.GetInt64(5) == 1);

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
            new DateTimeOffset(row.GetInt64(5), TimeSpan.Zero))
        {
            Origin = Enum.Parse<CredentialOrigin>(row.GetString(6)),
        };
    }

    private MfaDevice ReadMfaDevice(SqliteDataReader row)
    {
        var serial = row.GetString(0);
        var account = row.GetString(1);
        var userName = row.IsDBNull(2) ? null : row.GetString(2);
        var seed = _secrets.Open((byte[])row.GetValue(3), MfaSeedPurpose, serial, account, userName ?? "");
        return new MfaDevice(serial, AccountId.Parse(account), userName, seed)
        {
            EnableDate = row.IsDBNull(4) ? null : new DateTimeOffset(row.GetInt64(4), TimeSpan.Zero),
            Origin = Enum.Parse<CredentialOrigin>(row.GetString(5)),
        };
    }

    private static T FromJson<T>(string json, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo) =>
        JsonSerializer.Deserialize(json, typeInfo) ?? throw new InvalidDataException("A directory row holds a null list.");
}
