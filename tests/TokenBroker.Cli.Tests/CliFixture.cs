using System.CommandLine;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using TokenBroker.Cli.Commands;
using TokenBroker.Embedded;

namespace TokenBroker.Cli.Tests;

/// <summary>Runs the tokenbroker commands in-process against a temporary data folder.</summary>
public sealed class CliFixture : IDisposable
{
    public static readonly DateTimeOffset Now = new(2026, 3, 4, 5, 6, 7, TimeSpan.Zero);

    private readonly string _root = Path.Combine(Path.GetTempPath(), "tokenbroker-cli-tests", Guid.NewGuid().ToString("N"));

    public CliFixture() => Directory.CreateDirectory(_root);

    public string DataFolder => Path.Combine(_root, "data");

    public FakeTimeProvider Time { get; } = new(Now);

    public CliResult Run(params string[] args)
    {
        var root = new RootCommand { InitCommand.Create(Time), DirectoryCommand.Create(Time), RevokeCommand.Create(Time), AuditCommand.Create() };
        var output = new StringWriter();
        var error = new StringWriter();
        var exitCode = root.Parse([.. args, "--data", DataFolder]).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }

    public CliResult Init() => Run("init", "--account", "111111111111");

    /// <summary>Writes a file next to the directory files, as a file they refer to.</summary>
    public void WriteFile(string fileName, string text) => File.WriteAllText(Path.Combine(_root, fileName), text);

    /// <summary>Writes a directory file and applies it.</summary>
    public CliResult Apply(string yaml, string fileName = "directory.yaml", params string[] extra)
    {
        var path = Path.Combine(_root, fileName);
        File.WriteAllText(path, yaml);
        return Run(["directory", "apply", path, .. extra]);
    }

    public async Task<string> ExportTextAsync()
    {
        using var store = await EmbeddedStore.OpenAsync(DataFolder, CancellationToken.None);
        return JsonSerializer.Serialize(await store.Directory.ExportAsync(CancellationToken.None));
    }

    public async Task<T> WithStoreAsync<T>(Func<EmbeddedStore, Task<T>> read)
    {
        using var store = await EmbeddedStore.OpenAsync(DataFolder, CancellationToken.None);
        return await read(store);
    }

    public static string RepositoryFile(string relativePath)
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "TokenBroker.sln")))
        {
            folder = folder.Parent;
        }

        return Path.Combine(folder?.FullName ?? throw new InvalidOperationException("Repository root not found."), relativePath);
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }
}
