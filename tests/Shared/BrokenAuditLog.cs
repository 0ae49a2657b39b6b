namespace TokenBroker.Tests;

/// <summary>
/// The audit log of a data folder's SQLite database refusing every insert, as a failing disk would (a trigger on the
/// real table, no mock), until disposed.
/// </summary>
internal sealed class BrokenAuditLog : IAsyncDisposable
{
    private readonly string _dataFolder;

    private BrokenAuditLog(string dataFolder) => _dataFolder = dataFolder;

    public static async Task<BrokenAuditLog> BreakAsync(string dataFolder)
    {
        await EmbeddedDatabase.ExecuteAsync(dataFolder, "CREATE TRIGGER audit_broken BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'disk gone'); END;");
        return new BrokenAuditLog(dataFolder);
    }

    public async ValueTask DisposeAsync() => await EmbeddedDatabase.ExecuteAsync(_dataFolder, "DROP TRIGGER audit_broken;");
}
