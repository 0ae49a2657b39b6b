using System.Globalization;
using Microsoft.Data.Sqlite;

namespace TokenBroker.Embedded;

/// <summary>
/// Backup and restore of the embedded store: the database through SQLite's online backup API (a consistent snapshot,
/// taken while the broker reads and writes; WAL writers are not blocked) and the local root key beside it, without
/// which the sealed secrets in the database cannot be read. A backup folder is owner-only, as the data folder is.
/// </summary>
public static class EmbeddedBackup
{
    /// <summary>Copies the data folder's database and root key into <paramref name="backupFolder"/>, which must not exist yet.</summary>
    public static async Task<BackupSummary> BackupAsync(string dataFolder, string backupFolder, CancellationToken cancellationToken)
    {
        dataFolder = Path.GetFullPath(dataFolder);
        backupFolder = Path.GetFullPath(backupFolder);
        var source = Path.Combine(dataFolder, EmbeddedStore.DatabaseFileName);
        if (!File.Exists(source) || !LocalKeyRing.Exists(dataFolder))
        {
            throw new BackupException($"{dataFolder} holds no initialized store (run tokenbroker init).");
        }

        if (Directory.Exists(backupFolder) && Directory.EnumerateFileSystemEntries(backupFolder).Any())
        {
            throw new BackupException($"{backupFolder} is not empty; a backup is written to a new folder.");
        }

        CreateOwnerOnlyFolder(backupFolder);
        var target = Path.Combine(backupFolder, EmbeddedStore.DatabaseFileName);
        await using (var from = await OpenAsync(source, SqliteOpenMode.ReadOnly, cancellationToken))
        await using (var to = await OpenAsync(target, SqliteOpenMode.ReadWriteCreate, cancellationToken))
        {
            from.BackupDatabase(to);
            // One self-contained file: no -wal beside it.
            await ScalarAsync(to, "PRAGMA journal_mode = DELETE;", cancellationToken);
        }

        CopyOwnerOnly(Path.Combine(dataFolder, LocalKeyRing.FileName), Path.Combine(backupFolder, LocalKeyRing.FileName), overwrite: false);
        return await DescribeAsync(target, cancellationToken);
    }

    /// <summary>
    /// Restores a backup into <paramref name="dataFolder"/>. Without <paramref name="force"/> it refuses a store that is
    /// open (its write-ahead log exists: a broker or tool is using it, or it was not shut down cleanly), newer than the
    /// backup (a later schema, or audit records written after the backup was taken), or under another root key.
    /// </summary>
    public static async Task<BackupSummary> RestoreAsync(string backupFolder, string dataFolder, bool force, CancellationToken cancellationToken)
    {
        dataFolder = Path.GetFullPath(dataFolder);
        backupFolder = Path.GetFullPath(backupFolder);
        var backup = Path.Combine(backupFolder, EmbeddedStore.DatabaseFileName);
        var backupKey = Path.Combine(backupFolder, LocalKeyRing.FileName);
        if (!File.Exists(backup) || !File.Exists(backupKey))
        {
            throw new BackupException($"{backupFolder} is not a tokenbroker backup ({EmbeddedStore.DatabaseFileName} and {LocalKeyRing.FileName} expected).");
        }

        var restored = await DescribeAsync(backup, cancellationToken);
        var target = Path.Combine(dataFolder, EmbeddedStore.DatabaseFileName);
        var targetKey = Path.Combine(dataFolder, LocalKeyRing.FileName);
        if (!force)
        {
            await RefuseOverwriteAsync(target, targetKey, backupKey, restored, cancellationToken);
        }

        CreateOwnerOnlyFolder(dataFolder);
        await using (var from = await OpenAsync(backup, SqliteOpenMode.ReadOnly, cancellationToken))
        await using (var to = await OpenAsync(target, SqliteOpenMode.ReadWriteCreate, cancellationToken))
        {
            from.BackupDatabase(to);
        }

        SqliteConnection.ClearAllPools();
        CopyOwnerOnly(backupKey, targetKey, overwrite: true);
        return restored;
    }

    private static async Task RefuseOverwriteAsync(string target, string targetKey, string backupKey, BackupSummary restored, CancellationToken cancellationToken)
    {
        if (File.Exists(target + "-wal"))
        {
            throw new BackupException("The store is open (its write-ahead log exists): stop the broker first, or pass --force.");
        }

        if (File.Exists(target))
        {
            var current = await DescribeAsync(target, cancellationToken);
            if (current.SchemaVersion > restored.SchemaVersion
                || (current.NewestAuditRecord ?? DateTimeOffset.MinValue) > (restored.NewestAuditRecord ?? DateTimeOffset.MinValue))
            {
                throw new BackupException(string.Create(CultureInfo.InvariantCulture,
                    $"The store is newer than the backup (schema {current.SchemaVersion}, newest audit record {Describe(current.NewestAuditRecord)}; the backup's: schema {restored.SchemaVersion}, {Describe(restored.NewestAuditRecord)}); pass --force to replace it."));
            }
        }

        if (File.Exists(targetKey) && !File.ReadAllBytes(targetKey).AsSpan().SequenceEqual(File.ReadAllBytes(backupKey)))
        {
            throw new BackupException("The data folder has another root key than the backup; pass --force to replace both.");
        }
    }

    private static string Describe(DateTimeOffset? time) => time?.ToString("O", CultureInfo.InvariantCulture) ?? "none";

    private static async Task<BackupSummary> DescribeAsync(string path, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(path, SqliteOpenMode.ReadOnly, cancellationToken);
        var integrity = (string?)await ScalarAsync(connection, "PRAGMA integrity_check;", cancellationToken);
        if (!string.Equals(integrity, "ok", StringComparison.Ordinal))
        {
            throw new BackupException($"{path} fails SQLite's integrity check: {integrity}");
        }

        var schema = await ScalarAsync(connection, "SELECT max(version) FROM schema_version;", cancellationToken) is long version ? (int)version : 0;
        var newest = await ScalarAsync(connection, "SELECT max(time) FROM audit_log;", cancellationToken);
        return new BackupSummary(
            schema,
            newest is long millis ? DateTimeOffset.FromUnixTimeMilliseconds(millis) : null,
            new FileInfo(path).Length);
    }

    private static async Task<SqliteConnection> OpenAsync(string path, SqliteOpenMode mode, CancellationToken cancellationToken)
    {
        // Unpooled: a restore must leave no connection behind on the files it replaced.
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = mode, Pooling = false }.ToString());
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    private static async Task<object?> ScalarAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value is DBNull ? null : value;
    }

    private static void CreateOwnerOnlyFolder(string folder)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(folder);
        }
        else
        {
            Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    private static void CopyOwnerOnly(string from, string to, bool overwrite)
    {
        File.Copy(from, to, overwrite);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(to, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }
}
