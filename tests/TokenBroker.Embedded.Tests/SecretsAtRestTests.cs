using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using TokenBroker.Core.Model;
using static TokenBroker.Embedded.Tests.SampleDirectory;

namespace TokenBroker.Embedded.Tests;

public sealed class SecretsAtRestTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly TestFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task ReplaceAsync_Secrets_NotInDatabaseFilesInPlaintext()
    {
        using (var store = await StoreFixture.CreateWithSampleAsync(_folder))
        {
            Assert.NotNull(await store.Directory.FindAccessKeyAsync(AliceKey, None));
        }

        var files = Directory.GetFiles(_folder.Path, EmbeddedStore.DatabaseFileName + "*");
        var bytes = files.SelectMany(File.ReadAllBytes).ToArray();
        Assert.True(bytes.AsSpan().IndexOf("AIDAALICE000000000001"u8) >= 0, "the grep must see the directory's plaintext columns");
        Assert.True(bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(LegacyKey.KeyId)) >= 0, "the key id is not secret and is stored in plaintext");
        foreach (var secret in new[]
        {
            Encoding.UTF8.GetBytes(AliceSecret), Encoding.UTF8.GetBytes(BobSecret), AliceSeed, Encoding.UTF8.GetBytes(Convert.ToBase64String(AliceSeed)),
            LegacyKey.PrivateKey, LegacyNextKey.PrivateKey, Encoding.UTF8.GetBytes(Convert.ToBase64String(LegacyKey.PrivateKey)),
        })
        {
            Assert.Equal(-1, bytes.AsSpan().IndexOf(secret));
        }
    }

    [Fact]
    public async Task SecretCopiedToAnotherUsersRow_FailsToDecrypt()
    {
        using var store = await StoreFixture.CreateWithSampleAsync(_folder);

        // An attacker who can write the database moves Bob's key to Alice: the AAD no longer matches.
        await ExecuteAsync(store, "UPDATE access_keys SET account_id = '111111111111', user_name = 'alice' WHERE access_key_id = $id;", BobKey.Value);

        await Assert.ThrowsAnyAsync<CryptographicException>(() => store.Directory.FindAccessKeyAsync(BobKey, None));
    }

    [Fact]
    public async Task SecretSwappedBetweenKeys_FailsToDecrypt()
    {
        using var store = await StoreFixture.CreateWithSampleAsync(_folder);

        await ExecuteAsync(store, "UPDATE access_keys SET secret = (SELECT secret FROM access_keys WHERE access_key_id = $id) WHERE access_key_id <> $id;", BobKey.Value);

        await Assert.ThrowsAnyAsync<CryptographicException>(() => store.Directory.FindAccessKeyAsync(AliceKey, None));
    }

    [Fact]
    public async Task TamperedMfaSeed_FailsToDecrypt()
    {
        using var store = await StoreFixture.CreateWithSampleAsync(_folder);

        await ExecuteAsync(store, "UPDATE mfa_devices SET seed = zeroblob(length(seed)) WHERE serial_number = $id;", AliceSerial);

        await Assert.ThrowsAnyAsync<CryptographicException>(() => store.Directory.FindMfaDeviceAsync(AliceSerial, None));
    }

    [Fact]
    public async Task SamlPrivateKeyRelabeledAsAnotherKey_FailsToDecrypt()
    {
        using var store = await StoreFixture.CreateWithSampleAsync(_folder);

        // An attacker who can write the database relabels a sealed key as another key id: the AAD no longer matches.
        await ExecuteAsync(store, "UPDATE saml_private_keys SET key_id = 'FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF' WHERE key_id = $id;", LegacyKey.KeyId);

        await Assert.ThrowsAnyAsync<CryptographicException>(() => store.Directory.FindSamlProviderAsync(Arn.SamlProvider(First, "Legacy"), None));
    }

    [Fact]
    public async Task OpenAsync_WithAnotherRootKey_FailsClosed()
    {
        using (await StoreFixture.CreateWithSampleAsync(_folder))
        {
        }

        using var other = new TestFolder();
        LocalKeyRing.Create(other.Path).Dispose();
        File.Copy(Path.Combine(other.Path, LocalKeyRing.FileName), Path.Combine(_folder.Path, LocalKeyRing.FileName), overwrite: true);

        await Assert.ThrowsAnyAsync<CryptographicException>(() => StoreFixture.OpenAsync(_folder));
    }

    private static async Task ExecuteAsync(EmbeddedStore store, string sql, string id)
    {
        await using var connection = new SqliteConnection($"Data Source={store.DatabasePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$id", id);
        await command.ExecuteNonQueryAsync();
    }
}
