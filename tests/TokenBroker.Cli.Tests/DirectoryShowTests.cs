using TokenBroker.Core.Model;

namespace TokenBroker.Cli.Tests;

public sealed class DirectoryShowTests : IDisposable
{
    private readonly CliFixture _cli = new();

    public DirectoryShowTests() => _cli.Init();

    public void Dispose() => _cli.Dispose();

    [Theory]
    [InlineData("true")]
    [InlineData("0123")]
    [InlineData("yes")]
    [InlineData("null")]
    [InlineData("1e3")]
    [InlineData("a: b")]
    [InlineData("-dash")]
    [InlineData("#hash")]
    [InlineData("*star")]
    [InlineData("trailing ")]
    [InlineData("")]
    public async Task Show_StringsYamlWouldRetype_RoundTripUnchanged(string value)
    {
        var escaped = value.Replace("\"", "\\\"", StringComparison.Ordinal);
        var applied = _cli.Apply($$"""
            accounts:
              - id: "111111111111"
                users:
                  - name: admin
                    accessKeys: [{}]
                    policies: [{ name: p, document: { Sid: "{{escaped}}", Statement: [] } }]
            """);
        Assert.Equal(0, applied.ExitCode);
        var before = await _cli.ExportTextAsync();

        var shown = _cli.Run("directory", "show").Output;
        var again = _cli.Apply(shown, "shown.yaml");

        Assert.Equal("No changes." + Environment.NewLine, again.Output);
        Assert.Equal(before, await _cli.ExportTextAsync());
        var user = await _cli.WithStoreAsync(s => s.Directory.FindUserAsync(AccountId.Parse("111111111111"), "admin", CancellationToken.None));
        using var document = System.Text.Json.JsonDocument.Parse(user!.Policies[0].Document);
        Assert.Equal(value, document.RootElement.GetProperty("Sid").GetString());
    }

    [Fact]
    public void Show_EmptyDirectory_PrintsEmptyAccounts()
    {
        _cli.Apply("accounts: []\n");

        var shown = _cli.Run("directory", "show");

        Assert.Equal("accounts: []" + Environment.NewLine, shown.Output.Replace("\r\n", Environment.NewLine, StringComparison.Ordinal));
    }
}
