using TokenBroker.Core.Ports;
using TokenBroker.Core.Model;
using static TokenBroker.Embedded.Tests.SampleDirectory;

namespace TokenBroker.Embedded.Tests;

public sealed class CrashRecoveryTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly TestFolder _folder = new();
    private readonly TestFolder _crashImage = new();

    public void Dispose()
    {
        _folder.Dispose();
        _crashImage.Dispose();
    }

    [Fact]
    public async Task ReplaceAsync_CrashMidWrite_PreviousDirectorySurvives()
    {
        using (await StoreFixture.CreateWithSampleAsync(_folder))
        {
        }

        using var store = await StoreFixture.OpenAsync(_folder);
        using var pause = new PausingList<InlinePolicy>([new InlinePolicy("p", AllowAll)]);
        var replace = Task.Run(() => store.Directory.ReplaceAsync(LargeSnapshot(pause), None));
        Assert.True(pause.Paused.Wait(TimeSpan.FromSeconds(60)));

        // The files as they are now, mid-transaction, are what a power cut or kill -9 would leave behind.
        var walLength = CopyDataFolder(_folder.Path, _crashImage.Path);
        pause.Resume.Set();
        await replace;

        Assert.True(walLength > 1_000_000, "the transaction must have spilled uncommitted pages to the WAL");
        using var recovered = await EmbeddedStore.OpenAsync(_crashImage.Path, None);
        Assert.Equal(Text(SampleDirectory.Create()), Text(await recovered.Directory.ExportAsync(None)));
        Assert.Equal(3000, (await store.Directory.ExportAsync(None)).Accounts[0].ManagedPolicies.Count);
    }

    // Thousands of policies are written before the paused user, more than SQLite's page cache holds, so uncommitted
    // pages reach the WAL file before the commit.
    private static DirectorySnapshot LargeSnapshot(PausingList<InlinePolicy> pausedPolicies)
    {
        var document = AllowAll + new string(' ', 1500);
        var policies = Enumerable.Range(0, 3000).Select(i => new ManagedPolicy(First, $"P{i}", $"ANPA{i:D17}", "/", document)).ToList();
        var user = new IamUser(First, "paused", "AIDAPAUSED00000000001", "/", pausedPolicies, [], [], null, []);
        return new DirectorySnapshot([new AccountSnapshot(First, [user], [], [], [], policies, [], [], [])]);
    }

    private static long CopyDataFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var name in new[] { LocalKeyRing.FileName, EmbeddedStore.DatabaseFileName, EmbeddedStore.DatabaseFileName + "-wal" })
        {
            File.Copy(Path.Combine(from, name), Path.Combine(to, name));
        }

        return new FileInfo(Path.Combine(to, EmbeddedStore.DatabaseFileName + "-wal")).Length;
    }
}
