using TokenBroker.Aws;
using TokenBroker.Aws.Kms;
using TokenBroker.Core.Ports;
using TokenBroker.Embedded;

namespace TokenBroker.Composition;

/// <summary>The adapters chosen for the ports, and what owns them (disposed with the stores).</summary>
/// <param name="Directory">The directory.</param>
/// <param name="KeyRing">The root key.</param>
/// <param name="KeyRecords">The key records.</param>
/// <param name="Revocations">The revocation cutoffs.</param>
/// <param name="AuditLog">The audit log.</param>
/// <param name="ReplayCache">The replay cache.</param>
/// <param name="Owners">What the adapters were opened over, in the order to dispose it.</param>
public sealed record BrokerStores(
    IDirectory Directory,
    IKeyRing KeyRing,
    IKeyRecordStore KeyRecords,
    IRevocationStore Revocations,
    IAuditLog AuditLog,
    IReplayCache ReplayCache,
    IReadOnlyList<IDisposable> Owners) : IDisposable
{
    /// <summary>
    /// Opens the stores the settings name: the data folder's SQLite database and local key, or the DynamoDB table
    /// with the KMS keys (or the local key). Opening checks what it opens: the root key is read and the directory's
    /// data key unwrapped, so a missing table, key or permission fails here.
    /// </summary>
    public static async Task<BrokerStores> OpenAsync(StoreSettings settings, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.IsSqlite)
        {
            var embedded = await EmbeddedStore.OpenAsync(settings.DataFolder, cancellationToken, settings.DependencyTimeout);
            return new BrokerStores(
                embedded.Directory, embedded.KeyRing, embedded.KeyRecords, embedded.Revocations, embedded.AuditLog, embedded.CreateReplayCache(time), [embedded]);
        }

        var keyRing = await OpenKeyRingAsync(settings, cancellationToken);
        try
        {
            var store = await AwsStore.OpenAsync(settings.Aws.DynamoDb(), settings.Table!, keyRing, cancellationToken, time, settings.Aws.DynamoDbGuard);
            IDisposable[] owners = keyRing is IDisposable local ? [store, local] : [store];
            return new BrokerStores(store.Directory, keyRing, store.KeyRecords, store.Revocations, store.AuditLog, store.ReplayCache, owners);
        }
        catch
        {
            (keyRing as IDisposable)?.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var owner in Owners)
        {
            owner.Dispose();
        }
    }

    private static async Task<IKeyRing> OpenKeyRingAsync(StoreSettings settings, CancellationToken cancellationToken) =>
        settings.KeyRing == StoreSettings.Kms
            ? await KmsKeyRing.OpenAsync(settings.Aws.Kms(), settings.KmsSigningKey!, settings.KmsDataKey!, cancellationToken, settings.Aws.KmsGuard)
            : LocalKeyRing.OpenOrCreate(settings.DataFolder);
}
