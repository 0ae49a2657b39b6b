using Amazon.Runtime;
using Amazon.SecurityToken;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using TokenBroker.Embedded;

namespace TokenBroker.Host.Tests.EndToEnd;

/// <summary>
/// A real broker on a loopback port over a fresh data folder seeded with <see cref="TestDirectory"/>. The broker's clock
/// is a FakeTimeProvider that starts at the real time, so real SDK signatures verify and tests can move time forward.
/// </summary>
public class BrokerFixture : IAsyncLifetime
{
    private WebApplication? _app;
    private List<KeyValuePair<string, string?>> _settings = [];

    public string DataFolder { get; } = Path.Combine(Path.GetTempPath(), "tokenbroker-e2e-" + Guid.NewGuid().ToString("N"));

    public FakeTimeProvider Time { get; } = new(DateTimeOffset.UtcNow);

    public Uri Endpoint { get; private set; } = null!;

    /// <summary>The settings the broker started with (stores, data folder and <see cref="Settings"/>), for other hostings over the same stores.</summary>
    public IReadOnlyList<KeyValuePair<string, string?>> StartSettings => _settings;

    /// <summary>The running broker's services, for tests that inspect what a session may do.</summary>
    public IServiceProvider Services => _app!.Services;

    public async Task InitializeAsync()
    {
        var stores = UseDynamoDb ? await DynamoDbStores.CreateAsync(Snapshot()) : await SqliteStoresAsync();
        _settings = [.. Settings().Concat(stores).Append(new("TOKENBROKER_DATA", DataFolder))];
        _app = await StartAsync(Urls);
        Endpoint = AddressOf(_app);
    }

    /// <summary>
    /// Starts one more broker instance over the same store and clock, as Lambda runs several; the caller stops it.
    /// </summary>
    public Task<WebApplication> StartInstanceAsync() => StartAsync("http://127.0.0.1:0");

    /// <summary>The base address an instance listens on.</summary>
    public static Uri AddressOf(WebApplication app) =>
        new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/");

    private async Task<WebApplication> StartAsync(string urls)
    {
        var app = await BrokerApp.BuildAsync(["--urls", urls], Time, configuration => configuration.AddInMemoryCollection(_settings));
        await app.StartAsync();
        return app;
    }

    /// <summary>
    /// TOKENBROKER_TEST_STORE=dynamodb runs every end-to-end test again with the broker on DynamoDB Local and moto's KMS
    /// (test.sh does a second pass); otherwise the broker uses the embedded SQLite store.
    /// </summary>
    public static bool UseDynamoDb => Environment.GetEnvironmentVariable("TOKENBROKER_TEST_STORE") == "dynamodb";

    private async Task<IEnumerable<KeyValuePair<string, string?>>> SqliteStoresAsync()
    {
        using var store = await EmbeddedStore.CreateAsync(DataFolder, CancellationToken.None);
        await store.Directory.ReplaceAsync(Snapshot(), CancellationToken.None);
        return [];
    }

    /// <summary>Where the broker listens.</summary>
    protected virtual string Urls => "http://127.0.0.1:0";

    /// <summary>The directory the broker starts with.</summary>
    protected virtual Core.Model.DirectorySnapshot Snapshot() => TestDirectory.Snapshot();

    /// <summary>Broker settings beyond the data folder.</summary>
    protected virtual IEnumerable<KeyValuePair<string, string?>> Settings() => [];

    public async Task DisposeAsync()
    {
        await _app.StopAndDisposeAsync();

        if (Directory.Exists(DataFolder))
        {
            Directory.Delete(DataFolder, recursive: true);
        }
    }

    /// <summary>An SDK client signing with the given credentials, without retries so errors surface at once.</summary>
    public AmazonSecurityTokenServiceClient Client(AWSCredentials credentials) => new(credentials, new AmazonSecurityTokenServiceConfig
    {
        ServiceURL = Endpoint.ToString(),
        AuthenticationRegion = "us-east-1",
        MaxErrorRetry = 0,
    });

    public AmazonSecurityTokenServiceClient Client(string accessKeyId, string secret) => Client(new BasicAWSCredentials(accessKeyId, secret));

    /// <summary>A plain HTTP client for raw protocol tests.</summary>
    public HttpClient Http() => new() { BaseAddress = Endpoint };

    /// <summary>Keeps the broker's clock on real time (tests that do not move time call this before signing).</summary>
    public void SyncClock() => Time.SetUtcNow(DateTimeOffset.UtcNow > Time.GetUtcNow() ? DateTimeOffset.UtcNow : Time.GetUtcNow());
}
