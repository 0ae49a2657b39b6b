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

namespace TokenBroker.Host.Tests.Iam;

/// <summary>
/// A broker whose directory was made by <c>tokenbroker directory apply</c> of Iam/iam-directory.yaml (the CLI binary
/// the solution build produced, run as a process), on SQLite or, with TOKENBROKER_TEST_STORE=dynamodb, on DynamoDB
/// Local and moto's KMS. TOKENBROKER_PUBLIC_URL names the broker's own address, for the outbound federation actions.
/// </summary>
public sealed class IamBrokerFixture : IAsyncLifetime
{
    public const string Account = "111111111111";
    public const string OtherAccount = "222222222222";

    /// <summary>The broker's configured region (STS requests must sign for it).</summary>
    public const string Region = "eu-west-1";

    public static readonly Dictionary<string, string> Admin = ExternalClient.Credentials("AKIAIAMADMIN00000001", "admin-secret-0000000000000000000000000000");
    public static readonly Dictionary<string, string> Auditor = ExternalClient.Credentials("AKIAIAMAUDITOR000001", "auditor-secret-00000000000000000000000000");
    public static readonly Dictionary<string, string> Nobody = ExternalClient.Credentials("AKIAIAMNOBODY0000001", "nobody-secret-000000000000000000000000000");
    public static readonly Dictionary<string, string> SelfReader = ExternalClient.Credentials("AKIAIAMSELFREADER001", "self-reader-secret-0000000000000000000000");
    public static readonly Dictionary<string, string> Zed = ExternalClient.Credentials("AKIAIAMZED0000000001", "zed-secret-000000000000000000000000000000");

    private readonly int _port = FreePort();
    private WebApplication? _app;
    private List<KeyValuePair<string, string?>> _settings = [];

    public string DataFolder { get; } = Path.Combine(Path.GetTempPath(), "tokenbroker-iam-" + Guid.NewGuid().ToString("N"));

    public FakeTimeProvider Time { get; } = new(DateTimeOffset.UtcNow);

    public Uri Endpoint => new($"http://127.0.0.1:{_port}/");

    /// <summary>The issuer of an account's outbound web identity tokens.</summary>
    public string IssuerOf(string account) => $"http://127.0.0.1:{_port}/oidc/{account}";

    /// <summary>The directory file the broker's directory was applied from.</summary>
    public static string DirectoryFile => Repository.File("tests", "TokenBroker.Host.Tests", "Iam", "iam-directory.yaml");

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
            new("TOKENBROKER_PUBLIC_URL", $"http://127.0.0.1:{_port}"),
            new("TOKENBROKER_DIRECTORY_CACHE_SECONDS", "0"),
            // The broker's own region; IAM requests may also sign for us-east-1, IAM's global signing region.
            new("TOKENBROKER_REGIONS", Region),
        ];
        await ApplyAsync(DirectoryFile);
        _app = await BrokerApp.BuildAsync(["--urls", $"http://127.0.0.1:{_port}"], Time, c => c.AddInMemoryCollection(_settings));
        await _app.StartAsync();
    }

    /// <summary>Runs <c>tokenbroker directory apply FILE --allow-destructive</c> on the broker's store and returns its output.</summary>
    public async Task<string> ApplyAsync(string file)
    {
        var cli = Repository.File("src", "TokenBroker.Cli", "bin", "Debug", "net10.0", "tokenbroker.dll");
        var environment = _settings.Where(s => s.Value is not null).ToDictionary(s => s.Key, s => s.Value!);
        var (exit, stdout, stderr) = await ExternalClient.RunAsync("dotnet", [cli, "directory", "apply", file, "--allow-destructive"], environment);
        Assert.True(exit == 0, $"directory apply failed: {stdout}{stderr}");
        return stdout;
    }

    /// <summary>Keeps the broker's clock on real time so real SDK signatures verify.</summary>
    public void SyncClock() => Time.SetUtcNow(DateTimeOffset.UtcNow > Time.GetUtcNow() ? DateTimeOffset.UtcNow : Time.GetUtcNow());

    /// <summary>Runs <c>aws iam ARGS --endpoint-url … --output json</c> with the credentials.</summary>
    public Task<(int ExitCode, string Stdout, string Stderr)> AwsIamAsync(Dictionary<string, string> credentials, params string[] arguments)
    {
        SyncClock();
        return ExternalClient.RunAsync("aws", ["iam", .. arguments, "--endpoint-url", Endpoint.ToString(), "--output", "json"], credentials);
    }

    /// <summary>Runs a Python script with boto3; argv[1] is the endpoint.</summary>
    public Task<(int ExitCode, string Stdout, string Stderr)> Boto3Async(Dictionary<string, string> credentials, string script) =>
        ExternalAsync(credentials, script);

    /// <summary>Runs a Python script with boto3; argv[1] is the endpoint, then <paramref name="arguments"/>.</summary>
    public Task<(int ExitCode, string Stdout, string Stderr)> ExternalAsync(Dictionary<string, string> credentials, string script, params string[] arguments)
    {
        SyncClock();
        return ExternalClient.RunAsync("python3", ["-c", script, Endpoint.ToString(), .. arguments], credentials);
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
