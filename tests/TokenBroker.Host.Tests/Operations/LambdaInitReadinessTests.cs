using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using TokenBroker.Embedded;
using TokenBroker.Host.Hosting;
using TokenBroker.Host.Tests.EndToEnd;

namespace TokenBroker.Host.Tests.Operations;

/// <summary>
/// The Lambda host runs the ready checks in its init: stores that open but cannot serve (here the revocation table is
/// gone, so no cutoff can be read) fail the init with the failing check's name, and nothing else.
/// </summary>
public sealed class LambdaInitReadinessTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("tokenbroker-lambda-ready-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_data, recursive: true);
    }

    [Fact]
    public async Task BuildAsync_LambdaWithRevocationsUnreadable_FailsInitNamingTheCheck()
    {
        using (var store = await EmbeddedStore.CreateAsync(_data, CancellationToken.None))
        {
            await store.Directory.ReplaceAsync(TestDirectory.Snapshot(), CancellationToken.None);
        }

        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(_data, EmbeddedStore.DatabaseFileName)};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var drop = connection.CreateCommand();
            drop.CommandText = "DROP TABLE revocation_cutoffs;";
            await drop.ExecuteNonQueryAsync();
        }

        var error = await Assert.ThrowsAsync<StartupFailedException>(() => BrokerApp.BuildAsync([], null, configuration => configuration.AddInMemoryCollection(
        [
            new("TOKENBROKER_DATA", _data),
            new("TOKENBROKER_HOSTING", "lambda"),
            new("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:9"),
        ])));

        Assert.Equal("TokenBroker is not ready: revocation failed.", error.Message);
    }
}
