using Amazon.Runtime;
using Amazon.SecurityToken;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using TokenBroker.Embedded;
using TokenBroker.Host.Tests.EndToEnd;
using static TokenBroker.Host.Tests.Outages.OutageBroker;

namespace TokenBroker.Host.Tests.Outages;

/// <summary>
/// The SQLite database locked by another writer (a write transaction held open): requests wait at most the deadline
/// (TOKENBROKER_DEPENDENCY_TIMEOUT_MS is also SQLite's busy timeout) and fail closed with ServiceUnavailable, never
/// InternalFailure, and the broker serves again as soon as the lock is released.
/// </summary>
public sealed class SqliteOutageTests : IAsyncLifetime
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "tokenbroker-sqlite-outage-" + Guid.NewGuid().ToString("N"));
    private WebApplication? _app;
    private Uri _endpoint = null!;

    public async Task InitializeAsync()
    {
        using (var store = await EmbeddedStore.CreateAsync(_data, CancellationToken.None))
        {
            await store.Directory.ReplaceAsync(TestDirectory.Snapshot(), CancellationToken.None);
        }

        _app = await BrokerApp.BuildAsync(["--urls", "http://127.0.0.1:0"], null, configuration => configuration.AddInMemoryCollection(
        [
            new("TOKENBROKER_DATA", _data),
            new("TOKENBROKER_DEPENDENCY_TIMEOUT_MS", DeadlineMs.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new("TOKENBROKER_DIRECTORY_CACHE_SECONDS", "0"),
        ]));
        await _app.StartAsync();
        _endpoint = BrokerFixture.AddressOf(_app);
    }

    public async Task DisposeAsync()
    {
        await _app.StopAndDisposeAsync();

        SqliteConnection.ClearAllPools();
        Directory.Delete(_data, recursive: true);
    }

    [Fact]
    public async Task AssumeRole_DatabaseLockedByAnotherWriter_ServiceUnavailableWithinTheDeadlineThenRecovers()
    {
        using var alice = new AmazonSecurityTokenServiceClient(
            new BasicAWSCredentials(TestDirectory.AliceKey.AccessKeyId.Value, TestDirectory.AliceKey.SecretAccessKey),
            new AmazonSecurityTokenServiceConfig { ServiceURL = _endpoint.ToString(), AuthenticationRegion = "us-east-1", MaxErrorRetry = 0, Timeout = TimeSpan.FromSeconds(60) });
        Assert.NotNull((await AssumeDemoAsync(alice)).Credentials);
        await using (var locker = new SqliteConnection($"Data Source={Path.Combine(_data, EmbeddedStore.DatabaseFileName)};Pooling=False"))
        {
            await locker.OpenAsync();
            // Another process is in the middle of a write: no other connection can write until it lets go.
            await using var transaction = locker.BeginTransaction(deferred: false);
            await using (var command = locker.CreateCommand())
            {
                command.Transaction = transaction;
                command.CommandText = "CREATE TABLE outage_lock (x INTEGER);";
                await command.ExecuteNonQueryAsync();
            }

            var error = await FailsWithinAsync(TimeSpan.FromMilliseconds(DeadlineMs) + Aws.Tests.Outages.Slack, () => AssumeDemoAsync(alice));

            Assert.Equal(("ServiceUnavailable", 503), (error.ErrorCode, (int)error.StatusCode));
        }

        Assert.NotNull((await RecoversWithinAsync(TimeSpan.FromSeconds(10), () => AssumeDemoAsync(alice))).Credentials);
    }
}
