using TokenBroker.Core.Ports;
using System.CommandLine;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using TokenBroker.Core.Model;
using TokenBroker.Cli.Commands;
using TokenBroker.Composition;
using TokenBroker.Host.Tests.EndToEnd;

namespace TokenBroker.Cli.Tests;

/// <summary>
/// Runs the tokenbroker commands in-process against a temporary data folder (SQLite), or, made by
/// <see cref="ForDynamoDbAsync"/>, against a fresh DynamoDB Local table and moto KMS keys. The settings play the part
/// of the environment variables: the commands read nothing from the real environment.
/// </summary>
public sealed class CliFixture : IDisposable
{
    public static readonly DateTimeOffset Now = new(2026, 3, 4, 5, 6, 7, TimeSpan.Zero);

    private readonly string _root = Path.Combine(Path.GetTempPath(), "tokenbroker-cli-tests", Guid.NewGuid().ToString("N"));

    public CliFixture()
        : this([])
    {
    }

    private CliFixture(IEnumerable<KeyValuePair<string, string?>> settings)
    {
        Directory.CreateDirectory(_root);
        Settings = new Dictionary<string, string?>(settings, StringComparer.Ordinal) { ["TOKENBROKER_DATA"] = DataFolder };
    }

    /// <summary>The TOKENBROKER_* and AWS_* settings the commands see, as a Host would see them.</summary>
    public Dictionary<string, string?> Settings { get; }

    public string DataFolder => Path.Combine(_root, "data");

    public FakeTimeProvider Time { get; } = new(Now);

    /// <summary>
    /// A fixture whose commands use a fresh table and fresh KMS keys on the emulators (TOKENBROKER_STORE=dynamodb,
    /// _KEYRING=kms). Its clock starts at the real time (whole milliseconds): DynamoDB Local sweeps items whose TTL, set
    /// from the commands' clock, is past by the wall clock, so a fixed past clock would let cutoffs and audit records vanish.
    /// </summary>
    public static async Task<CliFixture> ForDynamoDbAsync()
    {
        var fixture = new CliFixture(await DynamoDbStores.CreateAsync(DirectorySnapshot.Empty));
        fixture.Time.SetUtcNow(DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
        return fixture;
    }

    /// <summary>The terminal the commands see: none (a script) unless a test plays a person answering prompts.</summary>
    internal CliTerminal Terminal { get; set; } = CliTerminal.None;

    public CliResult Run(params string[] args)
    {
        var stores = new StoreOpener(name => Settings.GetValueOrDefault(name), Time);
        var output = new StringWriter();
        var error = new StringWriter();
        var exitCode = CliApp.Run(CliApp.Create(stores, Terminal), args, new InvocationConfiguration { Output = output, Error = error });
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }

    public CliResult Init() => Run("init", "--account", "111111111111");

    /// <summary>The full path of a file written with <see cref="WriteFile"/>.</summary>
    public string PathOf(string fileName) => Path.Combine(_root, fileName);

    /// <summary>Writes a file next to the directory files, as a file they refer to.</summary>
    public void WriteFile(string fileName, string text) => File.WriteAllText(Path.Combine(_root, fileName), text);

    /// <summary>
    /// Writes a directory file and applies it with --allow-destructive: most files replace the bootstrap admin that
    /// init made, which the destructive-apply guard (tested on its own with <see cref="ApplyGuarded"/>) would refuse.
    /// </summary>
    public CliResult Apply(string yaml, string fileName = "directory.yaml", params string[] extra) =>
        ApplyGuarded(yaml, fileName, ["--allow-destructive", .. extra]);

    /// <summary>Writes a directory file and applies it with exactly the given options.</summary>
    public CliResult ApplyGuarded(string yaml, string fileName = "directory.yaml", params string[] extra)
    {
        var path = Path.Combine(_root, fileName);
        File.WriteAllText(path, yaml);
        return Run(["directory", "apply", path, .. extra]);
    }

    public Task<string> ExportTextAsync() =>
        WithStoreAsync(async store => JsonSerializer.Serialize(await store.Directory.ExportAsync(CancellationToken.None)));

    /// <summary>Opens the stores the settings name, as the Host would, and reads from them.</summary>
    public async Task<T> WithStoreAsync<T>(Func<BrokerStores, Task<T>> read)
    {
        using var store = await BrokerStores.OpenAsync(StoreSettings.From(name => Settings.GetValueOrDefault(name)), Time, CancellationToken.None);
        return await read(store);
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }
}
