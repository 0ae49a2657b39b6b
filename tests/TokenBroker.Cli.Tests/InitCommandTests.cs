using TokenBroker.Core.Ports;
using TokenBroker.Core.Model;
using TokenBroker.Embedded;

namespace TokenBroker.Cli.Tests;

public sealed class InitCommandTests : IDisposable
{
    private readonly CliFixture _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Init_NewFolder_StoresAdminWithPrintedKeyPair()
    {
        var result = _cli.Init();

        Assert.Equal(0, result.ExitCode);
        var (id, secret) = Assert.Single(result.PrintedKeys);
        var key = await _cli.WithStoreAsync(s => s.Directory.FindAccessKeyAsync(AccessKeyId.Parse(id), CancellationToken.None));
        var admin = await _cli.WithStoreAsync(s => s.Directory.FindUserAsync(AccountId.Parse("111111111111"), "admin", CancellationToken.None));
        Assert.Equal(secret, key!.SecretAccessKey);
        Assert.Equal(AccessKeyStatus.Active, key.Status);
        Assert.Equal(CliFixture.Now, key.CreatedAt);
        Assert.Equal("AdministratorAccess", Assert.Single(admin!.Policies).Name);
        Assert.Contains("\"Action\":\"*\"", admin.Policies[0].Document, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Init_InitializedFolder_RefusesAndKeepsKeys()
    {
        var first = _cli.Init();
        var rootKey = File.ReadAllBytes(Path.Combine(_cli.DataFolder, LocalKeyRing.FileName));

        var second = _cli.Init();

        Assert.Equal(1, second.ExitCode);
        Assert.Contains("already initialized", second.Error, StringComparison.Ordinal);
        Assert.Empty(second.PrintedKeys);
        Assert.Equal(rootKey, File.ReadAllBytes(Path.Combine(_cli.DataFolder, LocalKeyRing.FileName)));
        var (id, _) = Assert.Single(first.PrintedKeys);
        Assert.NotNull(await _cli.WithStoreAsync(s => s.Directory.FindAccessKeyAsync(AccessKeyId.Parse(id), CancellationToken.None)));
    }

    [Fact]
    public void Init_BadAccountId_RejectedAndNothingCreated()
    {
        var result = _cli.Run("init", "--account", "12345");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("12 digits", result.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_cli.DataFolder));
    }

    [Fact]
    public async Task Init_WithoutAccount_GeneratesTwelveDigitAccount()
    {
        var result = _cli.Run("init");

        Assert.Equal(0, result.ExitCode);
        var exported = await _cli.WithStoreAsync(s => s.Directory.ExportAsync(CancellationToken.None));
        Assert.True(AccountId.TryParse(Assert.Single(exported.Accounts).Id.Value, out _));
    }

    [Fact]
    public void Show_AfterInit_ListsAdminWithoutSecret()
    {
        var (id, secret) = Assert.Single(_cli.Init().PrintedKeys);

        var show = _cli.Run("directory", "show");

        Assert.Equal(0, show.ExitCode);
        Assert.Contains("id: " + id, show.Output, StringComparison.Ordinal);
        Assert.Contains("name: admin", show.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, show.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Init_DataOption_WinsOverTokenbrokerData()
    {
        var other = _cli.DataFolder + "-other";

        var result = _cli.Run("init", "--data", other);

        Assert.Equal(0, result.ExitCode);
        Assert.True(File.Exists(Path.Combine(other, LocalKeyRing.FileName)));
        Assert.False(Directory.Exists(_cli.DataFolder));
    }

    [Fact]
    public void Show_UninitializedFolder_Fails()
    {
        var show = _cli.Run("directory", "show");

        Assert.Equal(1, show.ExitCode);
        Assert.Equal($"The data folder {_cli.DataFolder} is not initialized; run `tokenbroker init` first.\n", show.Error);
    }
}
