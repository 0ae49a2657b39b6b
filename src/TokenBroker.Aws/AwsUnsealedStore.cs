using Amazon.DynamoDBv2;
using TokenBroker.Aws.DynamoDb;
using TokenBroker.Core.Model;

namespace TokenBroker.Aws;

/// <summary>
/// What of the table an operator can read without the key ring, so while KMS is down: the audit trail, the
/// revocation cutoffs (which can also be set), and the directory with its secrets left empty.
/// </summary>
public sealed class AwsUnsealedStore
{
    private readonly DynamoDbTable _table;

    /// <summary>Opens the table's unsealed stores; nothing is called until they are used.</summary>
    public AwsUnsealedStore(IAmazonDynamoDB client, string tableName, TimeProvider timeProvider, DependencyGuard? guard = null)
    {
        _table = new DynamoDbTable(client, tableName, guard);
        Revocations = new DynamoDbRevocationStore(_table, timeProvider);
        AuditLog = new DynamoDbAuditLog(_table, timeProvider);
    }

    /// <summary>Revocation cutoffs in the table.</summary>
    public DynamoDbRevocationStore Revocations { get; }

    /// <summary>The audit trail in the table.</summary>
    public DynamoDbAuditLog AuditLog { get; }

    /// <summary>The current directory with its secrets left empty (see <see cref="DynamoDbDirectory.ExportWithoutSecretsAsync"/>).</summary>
    public Task<DirectorySnapshot> ExportDirectoryWithoutSecretsAsync(CancellationToken cancellationToken) =>
        DynamoDbDirectory.ExportWithoutSecretsAsync(_table, cancellationToken);
}
