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
/// <param name="MfaAttempts">The failed-code counts and locks of MFA devices.</param>
/// <param name="Usage">Who used which key and attempted which action.</param>
/// <param name="Owners">What the adapters were opened over, in the order to dispose it.</param>
public sealed record BrokerStores(
    IDirectory Directory,
    IKeyRing KeyRing,
    IKeyRecordStore KeyRecords,
    IRevocationStore Revocations,
    IAuditLog AuditLog,
    IReplayCache ReplayCache,
    IMfaAttemptStore MfaAttempts,
    IUsageStore Usage,
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
            embedded.AuditLog.Retention = settings.AuditRetention;
            return new BrokerStores(
                embedded.Directory, embedded.KeyRing, embedded.KeyRecords, embedded.Revocations, embedded.AuditLog, embedded.CreateReplayCache(time),
                embedded.MfaAttempts, embedded.Usage, [embedded]);
        }

        // A failed open (a dependency down at start, retried by StoreLoader) leaves no client or key behind.
        var dynamoDb = settings.Aws.DynamoDb();
        var kms = settings.KeyRing == StoreSettings.Kms ? settings.Aws.Kms() : null;
        IKeyRing? keyRing = null;
        try
        {
            keyRing = kms is not null
                ? await KmsKeyRing.OpenAsync(kms, settings.KmsSigningKey!, settings.KmsDataKey!, cancellationToken, settings.Aws.KmsGuard)
                : LocalKeyRing.OpenOrCreate(settings.DataFolder);
            var store = await AwsStore.OpenAsync(dynamoDb, settings.Table!, keyRing, cancellationToken, time, settings.Aws.DynamoDbGuard);
            store.AuditLog.Retention = settings.AuditRetention;
            IDisposable[] owners = keyRing is IDisposable local ? [store, local] : [store];
            return new BrokerStores(
                store.Directory, keyRing, store.KeyRecords, store.Revocations, store.AuditLog, store.ReplayCache, store.MfaAttempts, store.Usage, owners);
        }
        catch
        {
            (keyRing as IDisposable)?.Dispose();
            dynamoDb.Dispose();
            kms?.Dispose();
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
}
