using TokenBroker.Aws;
using TokenBroker.Core.Model;
using TokenBroker.Core.Ports;
using TokenBroker.Embedded;

namespace TokenBroker.Composition;

/// <summary>
/// The stores an operator reads (and revokes through) during an incident, opened without the key ring so that they
/// work while KMS is down: the audit log, the revocation cutoffs, and the directory for showing it without secrets.
/// </summary>
/// <param name="AuditLog">The audit log.</param>
/// <param name="Revocations">The revocation cutoffs.</param>
/// <param name="ExportDirectoryAsync">The current directory; its secrets may be empty, so it is for showing, never for serving or applying.</param>
/// <param name="Owners">What the stores were opened over, in the order to dispose it.</param>
public sealed record UnsealedStores(
    IAuditLog AuditLog,
    IRevocationStore Revocations,
    Func<CancellationToken, Task<DirectorySnapshot>> ExportDirectoryAsync,
    IReadOnlyList<IDisposable> Owners) : IDisposable
{
    /// <summary>
    /// Opens them: on DynamoDB without touching KMS (nothing is called until they are used); the SQLite store with its
    /// local key file, which has no outage of its own.
    /// </summary>
    public static async Task<UnsealedStores> OpenAsync(StoreSettings settings, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.IsSqlite)
        {
            var embedded = await EmbeddedStore.OpenAsync(settings.DataFolder, cancellationToken, settings.DependencyTimeout);
            return new UnsealedStores(embedded.AuditLog, embedded.Revocations, embedded.Directory.ExportAsync, [embedded]);
        }

        var client = settings.Aws.DynamoDb();
        var store = new AwsUnsealedStore(client, settings.Table!, time, settings.Aws.DynamoDbGuard);
        return new UnsealedStores(store.AuditLog, store.Revocations, store.ExportDirectoryWithoutSecretsAsync, [client]);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var owner in Owners)
        {
            owner.Dispose();
        }
    }
}
