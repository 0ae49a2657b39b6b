using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Time.Testing;
using TokenBroker.Embedded;
using TokenBroker.Host.Tests.EndToEnd;

namespace TokenBroker.Host.Tests.Hosting;

/// <summary>The broker built by BrokerApp with TOKENBROKER_HOSTING=lambda, served through a <see cref="FakeRuntimeApi"/>.</summary>
public class LambdaBrokerFixture : IAsyncLifetime
{
    private WebApplication? _app;

    public string DataFolder { get; } = Path.Combine(Path.GetTempPath(), "tokenbroker-lambda-" + Guid.NewGuid().ToString("N"));

    public FakeTimeProvider Time { get; } = new(DateTimeOffset.UtcNow);

    public FakeRuntimeApi RuntimeApi { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        RuntimeApi = await FakeRuntimeApi.StartAsync();
        using (var store = await EmbeddedStore.CreateAsync(DataFolder, CancellationToken.None))
        {
            await store.Directory.ReplaceAsync(TestDirectory.Snapshot(), CancellationToken.None);
        }

        _app = await BrokerApp.BuildAsync([], Time, configuration => configuration.AddInMemoryCollection(
        [
            new("TOKENBROKER_DATA", DataFolder),
            new("TOKENBROKER_HOSTING", "lambda"),
            new("AWS_LAMBDA_RUNTIME_API", RuntimeApi.Address),
            .. Settings(),
        ]));
        await _app.StartAsync();
    }

    /// <summary>Broker settings beyond the data folder and the hosting choice.</summary>
    protected virtual IEnumerable<KeyValuePair<string, string?>> Settings() => [];

    public void SyncClock() => Time.SetUtcNow(DateTimeOffset.UtcNow > Time.GetUtcNow() ? DateTimeOffset.UtcNow : Time.GetUtcNow());

    public async Task DisposeAsync()
    {
        await _app.StopAndDisposeAsync();

        await RuntimeApi.DisposeAsync();
        Directory.Delete(DataFolder, recursive: true);
    }
}
