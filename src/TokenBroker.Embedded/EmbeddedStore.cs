using System.Security.Cryptography;
using TokenBroker.Core.Credentials;
using TokenBroker.Embedded.Sqlite;

namespace TokenBroker.Embedded;

/// <summary>
/// A data folder opened for use: the local root key, the SQLite database, and the stores on top of them. The Host
/// and the CLI open one with <see cref="OpenAsync"/> (through TokenBroker.Composition).
/// </summary>
public sealed class EmbeddedStore : IDisposable
{
    /// <summary>Environment variable naming the data folder.</summary>
    public const string DataFolderVariable = "TOKENBROKER_DATA";

    /// <summary>Data folder used when <see cref="DataFolderVariable"/> is not set, relative to the working directory.</summary>
    public const string DefaultDataFolder = ".tokenbroker";

    /// <summary>Name of the database file inside the data folder.</summary>
    public const string DatabaseFileName = "tokenbroker.db";

    /// <summary>Key record holding the directory data key, wrapped under the root key.</summary>
    internal const string DirectoryDataKeyRecord = "directory-data-key";

    private readonly SqliteDatabase _database;
    private readonly SecretBox _secrets;

    private EmbeddedStore(string dataFolder, LocalKeyRing keyRing, SqliteDatabase database, SecretBox secrets)
    {
        DataFolder = dataFolder;
        KeyRing = keyRing;
        _database = database;
        _secrets = secrets;
        KeyRecords = new SqliteKeyRecordStore(database);
        Directory = new SqliteDirectory(database, secrets);
        Revocations = new SqliteRevocationStore(database);
        AuditLog = new SqliteAuditLog(database);
        MfaAttempts = new SqliteMfaAttempts(database);
        Usage = new SqliteUsageStore(database);
    }

    /// <summary>The absolute path of the data folder.</summary>
    public string DataFolder { get; }

    /// <summary>The local root key (the IKeyRing of embedded mode).</summary>
    public LocalKeyRing KeyRing { get; }

    /// <summary>The directory (the IDirectory of embedded mode).</summary>
    public SqliteDirectory Directory { get; }

    /// <summary>The key records (the IKeyRecordStore of embedded mode).</summary>
    public SqliteKeyRecordStore KeyRecords { get; }

    /// <summary>The revocation cutoffs (the IRevocationStore of embedded mode).</summary>
    public SqliteRevocationStore Revocations { get; }

    /// <summary>The audit log (the IAuditLog of embedded mode).</summary>
    public SqliteAuditLog AuditLog { get; }

    /// <summary>The failed-code counts and locks of MFA devices (the IMfaAttemptStore of embedded mode).</summary>
    public SqliteMfaAttempts MfaAttempts { get; }

    /// <summary>Who used which key and attempted which action (the IUsageStore of embedded mode).</summary>
    public SqliteUsageStore Usage { get; }

    /// <summary>The replay cache (the IReplayCache of embedded mode), with expiry judged by <paramref name="timeProvider"/>.</summary>
    public SqliteReplayCache CreateReplayCache(TimeProvider timeProvider) => new(_database, timeProvider);

    /// <summary>The database file.</summary>
    public string DatabasePath => _database.Path;

    /// <summary>Whether the folder already holds a root key or a database.</summary>
    public static bool IsInitialized(string dataFolder) =>
        LocalKeyRing.Exists(dataFolder) || File.Exists(Path.Combine(dataFolder, DatabaseFileName));

    /// <summary>Initializes a data folder (owner-only folder, new root key, new database); refuses an initialized one.</summary>
    public static async Task<EmbeddedStore> CreateAsync(string dataFolder, CancellationToken cancellationToken)
    {
        dataFolder = Path.GetFullPath(dataFolder);
        if (IsInitialized(dataFolder))
        {
            throw new InvalidOperationException($"The data folder {dataFolder} is already initialized.");
        }

        CreateOwnerOnlyFolder(dataFolder);
        CreateOwnerOnlyFile(Path.Combine(dataFolder, DatabaseFileName));
        LocalKeyRing.Create(dataFolder).Dispose();
        return await OpenAsync(dataFolder, cancellationToken);
    }

    /// <summary>
    /// Opens an initialized data folder; fails closed when the root key is missing or does not match the database. A
    /// statement waits at most <paramref name="busyTimeout"/> (default 10 s) for a lock another connection holds.
    /// </summary>
    public static async Task<EmbeddedStore> OpenAsync(string dataFolder, CancellationToken cancellationToken, TimeSpan? busyTimeout = null)
    {
        dataFolder = Path.GetFullPath(dataFolder);
        var databasePath = Path.Combine(dataFolder, DatabaseFileName);
        if (!LocalKeyRing.Exists(dataFolder) || !File.Exists(databasePath))
        {
            throw new InvalidOperationException($"The data folder {dataFolder} is not initialized; run `tokenbroker init` first.");
        }

        var keyRing = LocalKeyRing.Open(dataFolder);
        SqliteDatabase? database = null;
        try
        {
            database = await SqliteDatabase.OpenAsync(databasePath, cancellationToken, busyTimeout);
            var secrets = await OpenSecretBoxAsync(keyRing, new SqliteKeyRecordStore(database), cancellationToken);
            return new EmbeddedStore(dataFolder, keyRing, database, secrets);
        }
        catch
        {
            database?.Dispose();
            keyRing.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        // Queued audit records are committed before the database closes.
        AuditLog.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _database.Dispose();
        _secrets.Dispose();
        KeyRing.Dispose();
    }

    // The data key is generated once and kept wrapped under the root key; a second process racing on first open
    // adopts whichever wrapped key was stored first.
    private static async Task<SecretBox> OpenSecretBoxAsync(LocalKeyRing keyRing, SqliteKeyRecordStore records, CancellationToken cancellationToken)
    {
        var wrapped = await records.GetAsync(DirectoryDataKeyRecord, cancellationToken);
        if (wrapped is null)
        {
            var created = await keyRing.GenerateDataKeyAsync(cancellationToken);
            wrapped = await records.GetOrCreateAsync(DirectoryDataKeyRecord, created.Wrapped, cancellationToken);
            CryptographicOperations.ZeroMemory(created.Plaintext);
        }

        return new SecretBox(await keyRing.DecryptDataKeyAsync(wrapped, cancellationToken));
    }

    private static void CreateOwnerOnlyFolder(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            System.IO.Directory.CreateDirectory(path);
        }
        else
        {
            System.IO.Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    // SQLite gives its -wal and -shm files the permissions of the database file, so creating it 0600 covers all three.
    private static void CreateOwnerOnlyFile(string path)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var stream = new FileStream(path, options);
    }
}
