using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Time.Testing;
using TokenBroker.Core.Model;
using TokenBroker.Embedded;
using TokenBroker.Host.Tests.EndToEnd;
using TokenBroker.Tests;

namespace TokenBroker.Host.Tests.Interop;

/// <summary>
/// A broker on a free loopback port whose directory was made by <c>tokenbroker directory apply</c> of a YAML file (the
/// CLI binary the solution build produced, run as a process), on SQLite or, with TOKENBROKER_TEST_STORE=dynamodb, on
/// DynamoDB Local and moto's KMS; the aws CLI and boto3 talk to it. Each fixture names its file and its settings.
/// </summary>
public abstract class DirectoryFileBrokerFixture : IAsyncLifetime
{
    private readonly string _directoryFile;
    private WebApplication? _app;
    private List<KeyValuePair<string, string?>> _settings = [];

    protected DirectoryFileBrokerFixture(string folderPrefix, string directoryFile)
    {
        DataFolder = Path.Combine(Path.GetTempPath(), folderPrefix + Guid.NewGuid().ToString("N"));
        _directoryFile = directoryFile;
    }

    public string DataFolder { get; }

    public FakeTimeProvider Time { get; } = new(DateTimeOffset.UtcNow);

    public Uri Endpoint => new($"http://127.0.0.1:{Port}/");

    /// <summary>The running broker's services (its audit log, for the audit tests).</summary>
    public IServiceProvider Services => _app?.Services ?? throw new InvalidOperationException("The broker is not running.");

    /// <summary>The environment the CLI needs to open the broker's store.</summary>
    public IReadOnlyDictionary<string, string> StoreEnvironment => _settings.Where(s => s.Value is not null).ToDictionary(s => s.Key, s => s.Value!);

    /// <summary>The port the broker listens on, chosen before it starts so settings can name it.</summary>
    protected int Port { get; } = LoopbackPort.Free();

    /// <summary>The broker's settings beyond its store and data folder.</summary>
    protected abstract IEnumerable<KeyValuePair<string, string?>> Settings();

    public async Task InitializeAsync()
    {
        IEnumerable<KeyValuePair<string, string?>> stores;
        if (BrokerFixture.UseDynamoDb)
        {
            stores = await DynamoDbStores.CreateAsync(DirectorySnapshot.Empty);
        }
        else
        {
            using var store = await EmbeddedStore.CreateAsync(DataFolder, CancellationToken.None);
            stores = [];
        }

        _settings =
        [
            .. stores,
            new("TOKENBROKER_DATA", DataFolder),
            new("TOKENBROKER_DIRECTORY_CACHE_SECONDS", "0"),
            .. Settings(),
        ];
        await ApplyAsync(_directoryFile);
        _app = await BrokerApp.BuildAsync(["--urls", $"http://127.0.0.1:{Port}"], Time, c => c.AddInMemoryCollection(_settings));
        await _app.StartAsync();
    }

    /// <summary>Runs <c>tokenbroker directory apply FILE --allow-destructive</c> on the broker's store and returns its output.</summary>
    public async Task<string> ApplyAsync(string file)
    {
        var (exit, stdout, stderr) = await CliAsync("directory", "apply", file, "--allow-destructive");
        Assert.True(exit == 0, $"directory apply failed: {stdout}{stderr}");
        return stdout;
    }

    /// <summary>Runs the <c>tokenbroker</c> CLI the solution build produced on the broker's store.</summary>
    public Task<(int ExitCode, string Stdout, string Stderr)> CliAsync(params string[] arguments)
    {
        var cli = Repository.File("src", "TokenBroker.Cli", "bin", "Debug", "net10.0", "tokenbroker.dll");
        return ExternalClient.RunAsync("dotnet", [cli, .. arguments], StoreEnvironment);
    }

    /// <summary>Keeps the broker's clock on real time so real SDK signatures verify.</summary>
    public void SyncClock() => Time.SetUtcNow(DateTimeOffset.UtcNow > Time.GetUtcNow() ? DateTimeOffset.UtcNow : Time.GetUtcNow());

    /// <summary>Runs <c>aws SERVICE ARGS --endpoint-url … --output json</c> with the credentials.</summary>
    public Task<(int ExitCode, string Stdout, string Stderr)> AwsAsync(Dictionary<string, string> credentials, params string[] arguments)
    {
        SyncClock();
        return ExternalClient.RunAsync("aws", [.. arguments, "--endpoint-url", Endpoint.ToString(), "--output", "json"], credentials);
    }

    /// <summary>Runs a Python script with boto3; argv[1] is the endpoint, then <paramref name="arguments"/>.</summary>
    public Task<(int ExitCode, string Stdout, string Stderr)> Boto3Async(Dictionary<string, string> credentials, string script, params string[] arguments)
    {
        SyncClock();
        return ExternalClient.RunAsync("python3", ["-c", script, Endpoint.ToString(), .. arguments], credentials);
    }

    public async Task DisposeAsync()
    {
        await _app.StopAndDisposeAsync();

        if (Directory.Exists(DataFolder))
        {
            Directory.Delete(DataFolder, recursive: true);
        }
    }
}
