using TokenBroker.Core.Ports;
using Microsoft.Data.Sqlite;
using static TokenBroker.Embedded.Tests.SampleDirectory;

namespace TokenBroker.Embedded.Tests;

public sealed class EmbeddedStoreTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly TestFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task CreateAsync_InitializedFolder_Refused()
    {
        using (await StoreFixture.CreateWithSampleAsync(_folder))
        {
        }

        await Assert.ThrowsAsync<InvalidOperationException>(() => StoreFixture.CreateAsync(_folder));

        using var reopened = await StoreFixture.OpenAsync(_folder);
        Assert.NotNull(await reopened.Directory.FindAccessKeyAsync(AliceKey, None));
    }

    [Fact]
    public async Task OpenAsync_UninitializedFolder_Refused()
    {
        await Assert.ThrowsAsync<InvalidOperationException>(() => StoreFixture.OpenAsync(_folder));

        Assert.False(Directory.Exists(_folder.Path));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task CreateAsync_NewFolder_IsOwnerOnly()
    {
        using var store = await StoreFixture.CreateAsync(_folder);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(_folder.Path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(store.DatabasePath));
    }

    [Fact]
    public async Task ReplayCache_UsedKeyAfterDirectoryReplaced_StillRefused()
    {
        using var store = await StoreFixture.CreateAsync(_folder);
        var cache = store.CreateReplayCache(TimeProvider.System);
        var expiresAt = DateTimeOffset.UtcNow.AddMinutes(5);
        await cache.TryAddAsync("oidc-jti:used", expiresAt, CancellationToken.None);

        await store.Directory.ReplaceAsync(Create(), CancellationToken.None);

        Assert.False(await cache.TryAddAsync("oidc-jti:used", expiresAt, CancellationToken.None));
    }

    [Fact]
    public async Task OpenAsync_Database_IsWalWithCurrentSchema()
    {
        using var store = await StoreFixture.CreateAsync(_folder);

        Assert.Equal("wal", await ScalarAsync(store, "PRAGMA journal_mode;"));
        Assert.Equal(CurrentVersion, await ScalarAsync(store, "SELECT max(version) FROM schema_version;"));
    }

    [Fact]
    public async Task OpenAsync_NewerSchemaVersion_Refused()
    {
        using (var store = await StoreFixture.CreateAsync(_folder))
        {
            await ScalarAsync(store, "INSERT INTO schema_version (version) VALUES (99);");
        }

        await Assert.ThrowsAsync<InvalidOperationException>(() => StoreFixture.OpenAsync(_folder));
    }

    [Fact]
    public async Task OpenAsync_Twice_KeepsOneDataKey()
    {
        byte[]? first;
        using (var store = await StoreFixture.CreateWithSampleAsync(_folder))
        {
            first = await store.KeyRecords.GetAsync("directory-data-key", None);
        }

        using var reopened = await StoreFixture.OpenAsync(_folder);

        Assert.Equal(first, await reopened.KeyRecords.GetAsync("directory-data-key", None));
        Assert.Equal(AliceSecret, (await reopened.Directory.FindAccessKeyAsync(AliceKey, None))!.SecretAccessKey);
    }

    [Fact]
    public async Task OpenAsync_Version3DatabaseWithSamlProvider_MigratesToAllowedWithoutKeys()
    {
        using (var store = await StoreFixture.CreateAsync(_folder))
        {
            // Turn the new database back into schema version 3 with a provider row as version 3 wrote it.
            await ScalarAsync(store, Downgrade(3) + """
                INSERT INTO accounts (account_id) VALUES ('111111111111');
                INSERT INTO saml_providers (account_id, name, entity_id, signing_certificates, allow_sha1, decryption_key_id)
                VALUES ('111111111111', 'Okta', 'http://www.okta.com/exk1', '["MIIB"]', 0, NULL);
                """);
        }

        using var reopened = await StoreFixture.OpenAsync(_folder);

        var provider = await reopened.Directory.FindSamlProviderAsync(OktaArn, None);
        Assert.Equal("http://www.okta.com/exk1", provider!.EntityId);
        Assert.Equal(Core.Model.AssertionEncryptionMode.Allowed, provider.AssertionEncryptionMode);
        Assert.Empty(provider.PrivateKeyList);
        Assert.Equal(CurrentVersion, await ScalarAsync(reopened, "SELECT max(version) FROM schema_version;"));
    }

    [Fact]
    public async Task OpenAsync_Version5DatabaseWithAuditRecord_MigratesKeepingTheRecord()
    {
        using (var store = await StoreFixture.CreateAsync(_folder))
        {
            // Turn the new database back into schema version 5 with an audit record as version 5 wrote it.
            await ScalarAsync(store, Downgrade(5) + """
                INSERT INTO audit_log (time, request_id, action, outcome, error_code, expires_at)
                VALUES (1000, 'req-v4', 'GetSessionToken', 'Failure', 'AccessDenied', 2000);
                """);
        }

        using var reopened = await StoreFixture.OpenAsync(_folder);

        var record = Assert.Single(await reopened.AuditLog.QueryAsync(new Core.Audit.AuditQuery(null, null, 10), None));
        Assert.Equal("req-v4", record.RequestId);
        Assert.Null(record.MfaSerialNumber);
        Assert.True((await reopened.MfaAttempts.AdmitAsync("arn:aws:iam::111111111111:mfa/alice", Core.Authentication.Mfa.MfaLockoutPolicy.Default,
            DateTimeOffset.UnixEpoch, None)).Admitted);
        Assert.Equal(CurrentVersion, await ScalarAsync(reopened, "SELECT max(version) FROM schema_version;"));
    }

    [Fact]
    public async Task OpenAsync_Version7DatabaseWithAccount_MigratesWithNoServices()
    {
        using (var store = await StoreFixture.CreateAsync(_folder))
        {
            await ScalarAsync(store, Downgrade(7) + """
                INSERT INTO accounts (account_id) VALUES ('111111111111');
                """);
        }

        using var reopened = await StoreFixture.OpenAsync(_folder);

        var snapshot = await reopened.Directory.ExportAsync(None);
        Assert.Single(snapshot.Accounts);
        Assert.Empty(snapshot.Services);
        Assert.Equal(CurrentVersion, await ScalarAsync(reopened, "SELECT max(version) FROM schema_version;"));
    }

    [Fact]
    public async Task OpenAsync_Version6DatabaseWithAccount_MigratesWithFederationOff()
    {
        using (var store = await StoreFixture.CreateAsync(_folder))
        {
            await ScalarAsync(store, Downgrade(6) + """
                INSERT INTO accounts (account_id) VALUES ('111111111111');
                """);
        }

        using var reopened = await StoreFixture.OpenAsync(_folder);

        var account = Assert.Single((await reopened.Directory.ExportAsync(None)).Accounts);
        Assert.False(account.OutboundWebIdentityFederation);
        Assert.Equal(CurrentVersion, await ScalarAsync(reopened, "SELECT max(version) FROM schema_version;"));
    }

    [Fact]
    public async Task OpenAsync_Version8DatabaseWithKeyAndDevice_MigratesBothAsFileOwned()
    {
        using (var store = await StoreFixture.CreateAsync(_folder))
        {
            await store.Directory.ReplaceAsync(SampleDirectory.Create(), null, None);
            await ScalarAsync(store, Downgrade(8));
        }

        using var reopened = await StoreFixture.OpenAsync(_folder);

        var directory = await reopened.Directory.LoadAsync(None);
        Assert.Equal(Core.Model.CredentialOrigin.File, directory.FindAccessKey(AliceKey)!.Origin);
        var device = directory.FindMfaDevice(SampleDirectory.AliceSerial)!;
        Assert.Equal(("alice", Core.Model.CredentialOrigin.File), (device.UserName, device.Origin));
        Assert.Equal(SampleDirectory.AliceSeed, device.Seed);
        Assert.Null(await reopened.Usage.GetAccessKeyUseAsync(AliceKey, None));
    }

    [Fact]
    public async Task OpenAsync_Version10DatabaseWithCredentialReport_MigratesKeepingItWithoutExpiry()
    {
        using (var store = await StoreFixture.CreateAsync(_folder))
        {
            await store.Usage.GetOrCreateReportAsync("credential-report/111111111111/1", new Core.Usage.StoredReport(DateTimeOffset.UnixEpoch, [7]), None);
            await ScalarAsync(store, Downgrade(10));
        }

        using var reopened = await StoreFixture.OpenAsync(_folder);

        var report = await reopened.Usage.GetReportAsync("credential-report/111111111111/1", None);
        Assert.Equal([7], report!.Content);
        Assert.Null(report.ExpiresAt);
        Assert.Equal(CurrentVersion, await ScalarAsync(reopened, "SELECT max(version) FROM schema_version;"));
    }

    /// <summary>The schema version a new database has: the number of SchemaMigrations.</summary>
    private const long CurrentVersion = 11;

    /// <summary>
    /// What undoes each migration, newest first in <see cref="Downgrade"/>: a test turns a new database back into an old
    /// schema by running the steps above that version, then writes rows as that version wrote them.
    /// </summary>
    private static readonly (int Version, string Sql)[] Undo =
    [
        (4, """
            DROP TRIGGER saml_private_keys_per_provider;
            DROP TABLE saml_private_keys;
            ALTER TABLE saml_providers DROP COLUMN assertion_encryption_mode;
            ALTER TABLE saml_providers ADD COLUMN decryption_key_id TEXT;
            """),
        (5, "DROP TABLE directory_version;"),
        (6, """
            DROP TABLE mfa_attempts;
            ALTER TABLE audit_log DROP COLUMN mfa_serial_number;
            """),
        (7, "ALTER TABLE accounts DROP COLUMN outbound_web_identity_federation;"),
        (8, "DROP TABLE service_catalogs;"),
        (9, """
            DROP TABLE access_key_usage;
            DROP TABLE action_usage;
            DROP TABLE reports;
            ALTER TABLE access_keys DROP COLUMN origin;
            CREATE TABLE mfa_devices_v7 (
                serial_number TEXT PRIMARY KEY,
                account_id TEXT NOT NULL,
                user_name TEXT NOT NULL,
                seed BLOB NOT NULL,
                FOREIGN KEY (account_id, user_name) REFERENCES iam_users (account_id, user_name)) STRICT;
            INSERT INTO mfa_devices_v7 SELECT serial_number, account_id, user_name, seed FROM mfa_devices;
            DROP TABLE mfa_devices;
            ALTER TABLE mfa_devices_v7 RENAME TO mfa_devices;
            """),
        (10, """
            ALTER TABLE audit_log DROP COLUMN request_parameters;
            ALTER TABLE audit_log DROP COLUMN response_elements;
            ALTER TABLE access_keys ADD COLUMN last_used_at INTEGER;
            """),
        (11, "ALTER TABLE reports DROP COLUMN expires_at;"),
    ];

    /// <summary>SQL that turns a database of the current schema back into schema <paramref name="version"/>.</summary>
    private static string Downgrade(int version)
    {
        Assert.Equal(CurrentVersion, Undo.Max(u => u.Version));
        return string.Concat(Undo.Where(u => u.Version > version).OrderByDescending(u => u.Version)
            .Select(u => u.Sql + "\nDELETE FROM schema_version WHERE version = " + u.Version + ";\n"));
    }

    private static async Task<object?> ScalarAsync(EmbeddedStore store, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={store.DatabasePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }
}
