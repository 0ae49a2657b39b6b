using Microsoft.Data.Sqlite;
using TokenBroker.Core.Audit;
using TokenBroker.Embedded;

namespace TokenBroker.Cli.Tests;

/// <summary>
/// <c>tokenbroker backup</c> and <c>restore</c> on the embedded store: a backup taken while the store is being written
/// is consistent and restores to a store the broker opens, and restore refuses to replace a running or newer store
/// unless told to with --force.
/// </summary>
public sealed class BackupCommandTests : IDisposable
{
    private readonly CliFixture _cli = new();

    public BackupCommandTests() => Assert.Equal(0, _cli.Init().ExitCode);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _cli.Dispose();
    }

    [Fact]
    public async Task Backup_WhileTheStoreIsWritten_RestoresToAConsistentStore()
    {
        var backup = _cli.PathOf("backup");
        var restoredData = _cli.PathOf("restored");
        CliResult result;
        using (var running = await EmbeddedStore.OpenAsync(_cli.DataFolder, CancellationToken.None))
        {
            using var stop = new CancellationTokenSource();
            var writer = WriteUntilAsync(running, stop.Token);
            await WaitForRecordsAsync(running, 20);
            result = _cli.Run("backup", "--to", backup);
            await stop.CancelAsync();
            await writer;
        }

        var restore = _cli.Run("restore", "--from", backup, "--data", restoredData);
        using var restored = await EmbeddedStore.OpenAsync(restoredData, CancellationToken.None);
        var records = await restored.AuditLog.QueryAsync(new AuditQuery(null, null, 100_000), CancellationToken.None);
        var directory = await restored.Directory.ExportAsync(CancellationToken.None);

        Assert.Equal((0, ""), (result.ExitCode, result.Error));
        Assert.StartsWith("Backed up: schema ", result.Output, StringComparison.Ordinal);
        Assert.Equal((0, ""), (restore.ExitCode, restore.Error));
        Assert.True(records.Count >= 20);
        Assert.Equal(records.Count, records.Select(r => r.RequestId).Distinct().Count());
        Assert.NotEmpty(directory.Accounts);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(backup));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(backup, LocalKeyRing.FileName)));
        }
    }

    [Fact]
    public async Task Restore_OverARunningStore_RefusedUnlessForced()
    {
        var backup = _cli.PathOf("backup");
        Assert.Equal(0, _cli.Run("backup", "--to", backup).ExitCode);
        using var running = await EmbeddedStore.OpenAsync(_cli.DataFolder, CancellationToken.None);

        var refused = _cli.Run("restore", "--from", backup);
        var forced = _cli.Run("restore", "--from", backup, "--force");

        Assert.Equal(1, refused.ExitCode);
        Assert.Equal("The store is open (its write-ahead log exists): stop the broker first, or pass --force.\n", refused.Error);
        Assert.Equal((0, ""), (forced.ExitCode, forced.Error));
    }

    [Fact]
    public async Task Restore_OverAStoreNewerThanTheBackup_RefusedUnlessForced()
    {
        var backup = _cli.PathOf("backup");
        Assert.Equal(0, _cli.Run("backup", "--to", backup).ExitCode);
        await _cli.WithStoreAsync(async store =>
        {
            await store.AuditLog.AppendAsync(Record("after-backup"), CancellationToken.None);
            return 0;
        });
        SqliteConnection.ClearAllPools();

        var refused = _cli.Run("restore", "--from", backup);
        var forced = _cli.Run("restore", "--from", backup, "--force");
        var records = await _cli.WithStoreAsync(store => store.AuditLog.QueryAsync(new AuditQuery(null, null, 10), CancellationToken.None));

        Assert.Equal(1, refused.ExitCode);
        Assert.StartsWith("The store is newer than the backup", refused.Error, StringComparison.Ordinal);
        Assert.Equal(0, forced.ExitCode);
        Assert.DoesNotContain(records, r => r.RequestId == "after-backup");
    }

    [Fact]
    public void Backup_IntoAFolderThatHoldsFiles_Refused()
    {
        var backup = _cli.PathOf("backup");
        Directory.CreateDirectory(backup);
        File.WriteAllText(Path.Combine(backup, "other"), "x");

        var result = _cli.Run("backup", "--to", backup);

        Assert.Equal(1, result.ExitCode);
        Assert.EndsWith("is not empty; a backup is written to a new folder.\n", result.Error, StringComparison.Ordinal);
    }

    private static async Task WriteUntilAsync(EmbeddedStore store, CancellationToken stop)
    {
        for (var n = 0; !stop.IsCancellationRequested; n++)
        {
            await store.AuditLog.AppendAsync(Record($"req-{n}"), CancellationToken.None);
        }
    }

    private static async Task WaitForRecordsAsync(EmbeddedStore store, int count)
    {
        while ((await store.AuditLog.QueryAsync(new AuditQuery(null, null, count), CancellationToken.None)).Count < count)
        {
            await Task.Delay(10);
        }
    }

    private static AuditRecord Record(string requestId) => new(
        CliFixture.Now, requestId, "GetSessionToken", AuditOutcome.Success, null, "arn:aws:iam::111111111111:user/alice", "AKIAEXAMPLE",
        "127.0.0.1", null, null, null, null, "ASIAEXAMPLE", CliFixture.Now.AddHours(1), 0);
}
