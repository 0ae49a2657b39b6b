using TokenBroker.Core.Model;

namespace TokenBroker.Core.Ports;

/// <summary>Reads of a whole directory for the CLI and tests.</summary>
public static class DirectoryExports
{
    /// <summary>The current version's records, secrets decrypted.</summary>
    public static async Task<DirectorySnapshot> ExportAsync(this IDirectory directory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(directory);
        return (await directory.LoadAsync(cancellationToken)).Snapshot;
    }
}
