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
        Assert.Equal(3L, await ScalarAsync(store, "SELECT max(version) FROM schema_version;"));
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

    private static async Task<object?> ScalarAsync(EmbeddedStore store, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={store.DatabasePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }
}
