using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Time.Testing;
using TokenBroker.Core.Model;
using TokenBroker.Embedded;
using TokenBroker.Host.Tests.EndToEnd;
using TokenBroker.Host.Tests.Interop;
using TokenBroker.Tests;

namespace TokenBroker.Host.Tests.SelfService;

/// <summary>
/// A broker whose directory was made by <c>tokenbroker directory apply</c> of SelfService/self-service-directory.yaml,
/// on SQLite or (TOKENBROKER_TEST_STORE=dynamodb) on DynamoDB Local and moto's KMS, for the aws CLI and boto3.
/// </summary>
public sealed class SelfServiceBrokerFixture : IAsyncLifetime
{
    public const string Account = "111111111111";

    public static readonly Dictionary<string, string> Admin = ExternalClient.Credentials("AKIASELFADMIN0000001", "admin-secret-0000000000000000000000000000");
    public static readonly Dictionary<string, string> Rotator = ExternalClient.Credentials("AKIASELFROTATOR00001", "rotator-secret-00000000000000000000000000");
    public static readonly Dictionary<string, string> Crowded = ExternalClient.Credentials("AKIASELFCROWDED00001", "crowded-secret-00000000000000000000000000");
    public static readonly Dictionary<string, string> Prober = ExternalClient.Credentials("AKIASELFPROBER000001", "prober-secret-000000000000000000000000000");
    public static readonly Dictionary<string, string> PhoneUser = ExternalClient.Credentials("AKIASELFPHONEUSER001", "phone-user-secret-0000000000000000000000000");
    public static readonly Dictionary<string, string> Reporter = ExternalClient.Credentials("AKIASELFREPORTER0001", "reporter-secret-0000000000000000000000000");

    private readonly int _port = FreePort();
    private WebApplication? _app;
    private List<KeyValuePair<string, string?>> _settings = [];

    public string DataFolder { get; } = Path.Combine(Path.GetTempPath(), "tokenbroker-self-" + Guid.NewGuid().ToString("N"));

    public FakeTimeProvider Time { get; } = new(DateTimeOffset.UtcNow);

    public Uri Endpoint => new($"http://127.0.0.1:{_port}/");

    /// <summary>The running broker's services (its audit log, for the audit tests).</summary>
    public IServiceProvider Services => _app?.Services ?? throw new InvalidOperationException("The broker is not running.");

    /// <summary>The environment the CLI needs to open the broker's store.</summary>
    public IReadOnlyDictionary<string, string> StoreEnvironment => _settings.Where(s => s.Value is not null).ToDictionary(s => s.Key, s => s.Value!);

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
            new("TOKENBROKER_REGIONS", "us-east-1"),
        ];
        var file = Repository.File("tests", "TokenBroker.Host.Tests", "SelfService", "self-service-directory.yaml");
        var (exit, stdout, stderr) = await CliAsync("directory", "apply", file, "--allow-destructive");
        Assert.True(exit == 0, $"directory apply failed: {stdout}{stderr}");
        _app = await BrokerApp.BuildAsync(["--urls", $"http://127.0.0.1:{_port}"], Time, c => c.AddInMemoryCollection(_settings));
        await _app.StartAsync();
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

    /// <summary>Runs a Python script with boto3; argv[1] is the endpoint.</summary>
    public Task<(int ExitCode, string Stdout, string Stderr)> Boto3Async(Dictionary<string, string> credentials, string script)
    {
        SyncClock();
        return ExternalClient.RunAsync("python3", ["-c", script, Endpoint.ToString()], credentials);
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        if (Directory.Exists(DataFolder))
        {
            Directory.Delete(DataFolder, recursive: true);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
