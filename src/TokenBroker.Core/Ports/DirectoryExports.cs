using TokenBroker.Core.Model;

namespace TokenBroker.Core.Ports;

/// <summary>Whole-directory reads and unconditional writes, for the CLI and tests.</summary>
public static class DirectoryExports
{
    /// <summary>The current version's records, secrets decrypted.</summary>
    public static async Task<DirectorySnapshot> ExportAsync(this IDirectory directory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(directory);
        return (await directory.LoadAsync(cancellationToken)).Snapshot;
    }

    /// <summary>Replaces the directory whatever its current version (the file is the whole directory).</summary>
    public static Task ReplaceAsync(this IDirectory directory, DirectorySnapshot snapshot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(directory);
        return directory.ReplaceAsync(snapshot, null, cancellationToken);
    }
}
