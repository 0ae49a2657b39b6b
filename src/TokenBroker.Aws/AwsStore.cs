using System.Security.Cryptography;
using Amazon.DynamoDBv2;
using TokenBroker.Aws.DynamoDb;
using TokenBroker.Core.Credentials;
using TokenBroker.Core.Ports;

namespace TokenBroker.Aws;

/// <summary>
/// The DynamoDB stores over one table, with the directory's secrets sealed under a data key that the key ring (KMS)
/// wraps, as the embedded store does with its local key.
/// </summary>
public sealed class AwsStore : IDisposable
{
    /// <summary>Key record holding the directory data key, wrapped under the root key.</summary>
    public const string DirectoryDataKeyRecord = "directory-data-key";

    private readonly SecretBox _secrets;

    private AwsStore(DynamoDbTable table, SecretBox secrets, TimeProvider timeProvider)
    {
        Table = table;
        _secrets = secrets;
        KeyRecords = new DynamoDbKeyRecordStore(table);
        Directory = new DynamoDbDirectory(table, secrets);
        Revocations = new DynamoDbRevocationStore(table, timeProvider);
        AuditLog = new DynamoDbAuditLog(table, timeProvider);
        ReplayCache = new DynamoDbReplayCache(table, timeProvider);
        MfaAttempts = new DynamoDbMfaAttempts(table);
        Usage = new DynamoDbUsageStore(table);
    }

    /// <summary>The table.</summary>
    public DynamoDbTable Table { get; }

    /// <summary>The directory (the IDirectory on AWS).</summary>
    public DynamoDbDirectory Directory { get; }

    /// <summary>The directory's secret box, for tests that open a second directory over another client.</summary>
    internal SecretBox Secrets => _secrets;

    /// <summary>The key records (the IKeyRecordStore on AWS).</summary>
    public DynamoDbKeyRecordStore KeyRecords { get; }

    /// <summary>Revocation cutoffs in the table.</summary>
    public DynamoDbRevocationStore Revocations { get; }

    /// <summary>The audit trail in the table.</summary>
    public DynamoDbAuditLog AuditLog { get; }

    /// <summary>The replay cache of one-time values in the table.</summary>
    public DynamoDbReplayCache ReplayCache { get; }

    /// <summary>The failed-code counts and locks of MFA devices in the table.</summary>
    public DynamoDbMfaAttempts MfaAttempts { get; }

    /// <summary>Who used which key and attempted which action, in the table.</summary>
    public DynamoDbUsageStore Usage { get; }

    /// <summary>
    /// Opens the stores of a table; the first open generates the directory data key, later ones unwrap it. Every
    /// DynamoDB call goes through <paramref name="guard"/> (the DynamoDB deadline and circuit), a default one when none is given.
    /// </summary>
    public static async Task<AwsStore> OpenAsync(
        IAmazonDynamoDB client, string tableName, IKeyRing keyRing, CancellationToken cancellationToken, TimeProvider? timeProvider = null, DependencyGuard? guard = null)
    {
        ArgumentNullException.ThrowIfNull(keyRing);
        var table = new DynamoDbTable(client, tableName, guard);
        var records = new DynamoDbKeyRecordStore(table);
        var wrapped = await records.GetAsync(DirectoryDataKeyRecord, cancellationToken);
        if (wrapped is null)
        {
            var created = await keyRing.GenerateDataKeyAsync(cancellationToken);
            wrapped = await records.GetOrCreateAsync(DirectoryDataKeyRecord, created.Wrapped, cancellationToken);
            CryptographicOperations.ZeroMemory(created.Plaintext);
        }

        return new AwsStore(table, new SecretBox(await keyRing.DecryptDataKeyAsync(wrapped, cancellationToken)), timeProvider ?? TimeProvider.System);
    }

    /// <inheritdoc />
    public void Dispose() => _secrets.Dispose();
}
