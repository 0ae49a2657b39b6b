using System.Globalization;
using System.Security.Cryptography;
using Amazon.DynamoDBv2.Model;
using TokenBroker.Core.Credentials;
using TokenBroker.Core.Model;
using TokenBroker.Core.Ports;

namespace TokenBroker.Aws.DynamoDb;

/// <summary>
/// The directory in DynamoDB as versioned snapshots behind a pointer item (docs/dynamodb.md). A replace writes a new
/// snapshot partition that no reader can see, then flips the pointer with one conditional write: readers see the old
/// directory or the new one, never a mix, whatever the size (TransactWriteItems stops at 100 items), and of two
/// concurrent replaces the second fails instead of silently overwriting the first.
/// </summary>
public sealed class DynamoDbDirectory : IDirectory
{
    private const string PointerPartition = "DIRECTORY";
    private const string PointerSort = "CURRENT";
    private const string TotpSort = "TOTP";

    private readonly DynamoDbTable _table;
    private readonly DirectoryItems _items;

    internal DynamoDbDirectory(DynamoDbTable table, SecretBox secrets)
        : this(table, new DirectoryItems(secrets))
    {
    }

    private DynamoDbDirectory(DynamoDbTable table, DirectoryItems items)
    {
        _table = table;
        _items = items;
    }

    /// <summary>
    /// The current directory with every secret left empty, read without the data key (so without KMS): for showing
    /// the directory during a KMS outage, never for serving or applying it.
    /// </summary>
    public static Task<DirectorySnapshot> ExportWithoutSecretsAsync(DynamoDbTable table, CancellationToken cancellationToken) =>
        new DynamoDbDirectory(table, DirectoryItems.WithoutSecrets).ExportAsync(cancellationToken);

    /// <inheritdoc />
    public async Task<AccessKey?> FindAccessKeyAsync(AccessKeyId accessKeyId, CancellationToken cancellationToken) =>
        await FindAsync(DirectoryItems.AccessKeyKey(accessKeyId), _items.ReadAccessKey, cancellationToken);

    /// <inheritdoc />
    public async Task<bool> AccountExistsAsync(AccountId account, CancellationToken cancellationToken) =>
        await FindAsync(DirectoryItems.AccountKey(account), _ => true, cancellationToken);

    /// <inheritdoc />
    public Task<IamUser?> FindUserAsync(AccountId account, string userName, CancellationToken cancellationToken) =>
        FindAsync(DirectoryItems.UserKey(account, userName), DirectoryItems.ReadUser, cancellationToken);

    /// <inheritdoc />
    public Task<IamGroup?> FindGroupAsync(AccountId account, string groupName, CancellationToken cancellationToken) =>
        FindAsync(DirectoryItems.GroupKey(account, groupName), DirectoryItems.ReadGroup, cancellationToken);

    /// <inheritdoc />
    public Task<IamRole?> FindRoleAsync(AccountId account, string roleName, CancellationToken cancellationToken) =>
        FindAsync(DirectoryItems.RoleKey(account, roleName), DirectoryItems.ReadRole, cancellationToken);

    /// <inheritdoc />
    public Task<ManagedPolicy?> FindManagedPolicyAsync(string policyArn, CancellationToken cancellationToken) =>
        FindAsync(DirectoryItems.PolicyKey(policyArn), DirectoryItems.ReadPolicy, cancellationToken);

    /// <inheritdoc />
    public Task<SamlProvider?> FindSamlProviderAsync(Arn providerArn, CancellationToken cancellationToken) =>
        FindAsync(DirectoryItems.SamlProviderKey(providerArn.ToString()), _items.ReadSamlProvider, cancellationToken);

    /// <inheritdoc />
    public Task<OidcProvider?> FindOidcProviderAsync(AccountId account, string url, CancellationToken cancellationToken) =>
        FindAsync(DirectoryItems.OidcProviderKey(account, url), DirectoryItems.ReadOidcProvider, cancellationToken);

    /// <inheritdoc />
    public Task<MfaDevice?> FindMfaDeviceAsync(string serialNumber, CancellationToken cancellationToken) =>
        FindAsync(DirectoryItems.MfaKey(serialNumber), _items.ReadMfaDevice, cancellationToken);

    /// <inheritdoc />
    public async Task RecordAccessKeyUseAsync(AccessKeyId accessKeyId, DateTimeOffset usedAt, CancellationToken cancellationToken)
    {
        if (await CurrentVersionAsync(cancellationToken) is not { } version)
        {
            return;
        }

        // Only ever moves forward, and never creates an item for a key that a replace has just removed.
        await _table.TryWriteAsync(token => _table.Client.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = _table.Name,
            Key = DynamoDbTable.Key(DirectoryItems.Partition(version), DirectoryItems.AccessKeyKey(accessKeyId)),
            UpdateExpression = "SET lastUsedAt = :t",
            ConditionExpression = "attribute_exists(pk) AND (attribute_not_exists(lastUsedAt) OR lastUsedAt < :t)",
            ExpressionAttributeValues = new() { [":t"] = Number(usedAt.UtcTicks) },
        }, token), cancellationToken);
    }

    /// <inheritdoc />
    public Task<bool> TryUseTotpStepAsync(string serialNumber, long timeStep, CancellationToken cancellationToken) =>
        // One conditional write: of two requests with the same code exactly one passes the condition (RFC 6238 §5.2).
        // The item lives outside the snapshots, so replacing the directory never makes a used step usable again.
        _table.TryWriteAsync(token => _table.Client.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = _table.Name,
            Key = DynamoDbTable.Key("TOTP#" + serialNumber, TotpSort),
            UpdateExpression = "SET lastStep = :s",
            ConditionExpression = "attribute_not_exists(lastStep) OR lastStep < :s",
            ExpressionAttributeValues = new() { [":s"] = Number(timeStep) },
        }, token), cancellationToken);

    /// <inheritdoc />
    public async Task<DirectorySnapshot> ExportAsync(CancellationToken cancellationToken) =>
        await CurrentVersionAsync(cancellationToken) is { } version
            ? _items.ToSnapshot(await _table.QueryPartitionAsync(DirectoryItems.Partition(version), cancellationToken))
            : DirectorySnapshot.Empty;

    /// <inheritdoc />
    public async Task ReplaceAsync(DirectorySnapshot snapshot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        DirectoryRules.Check(snapshot);
        var pointer = await _table.GetAsync(PointerPartition, PointerSort, cancellationToken);
        var current = pointer?["version"].S;
        var previous = pointer is not null && pointer.TryGetValue("previous", out var p) ? p.S : null;
        var next = NewVersion();
        var items = _items.ToItems(next, snapshot);
        await _table.BatchWriteAsync(items.Select(i => new WriteRequest(new PutRequest(i))).ToList(), cancellationToken);

        var flipped = await _table.TryWriteAsync(token => _table.Client.PutItemAsync(new PutItemRequest
        {
            TableName = _table.Name,
            Item = Pointer(next, current, items.Count),
            ConditionExpression = current is null ? "attribute_not_exists(pk)" : "version = :expected",
            ExpressionAttributeValues = current is null ? null : new() { [":expected"] = new AttributeValue { S = current } },
        }, token), cancellationToken);
        if (!flipped)
        {
            await DeleteVersionAsync(next, cancellationToken);
            throw new InvalidOperationException("Another writer replaced the directory at the same time; nothing was changed.");
        }

        // The version before the one just superseded is no longer readable by anyone: readers that fetched the old
        // pointer a moment ago still find the superseded version intact.
        if (previous is not null)
        {
            await DeleteVersionAsync(previous, cancellationToken);
        }
    }

    private async Task<T?> FindAsync<T>(string sortKey, Func<Dictionary<string, AttributeValue>, T> read, CancellationToken cancellationToken)
    {
        if (await CurrentVersionAsync(cancellationToken) is not { } version)
        {
            return default;
        }

        var item = await _table.GetAsync(DirectoryItems.Partition(version), sortKey, cancellationToken);
        return item is null ? default : read(item);
    }

    private async Task<string?> CurrentVersionAsync(CancellationToken cancellationToken) =>
        (await _table.GetAsync(PointerPartition, PointerSort, cancellationToken))?["version"].S;

    private async Task DeleteVersionAsync(string version, CancellationToken cancellationToken)
    {
        var items = await _table.QueryPartitionAsync(DirectoryItems.Partition(version), cancellationToken);
        await _table.BatchWriteAsync(
            items.Select(i => new WriteRequest(new DeleteRequest(DynamoDbTable.Key(i[DynamoDbTable.PartitionKey].S, i[DynamoDbTable.SortKey].S)))).ToList(),
            cancellationToken);
    }

    private static Dictionary<string, AttributeValue> Pointer(string version, string? previous, int itemCount)
    {
        var item = DynamoDbTable.Key(PointerPartition, PointerSort);
        item["version"] = new AttributeValue { S = version };
        item["items"] = Number(itemCount);
        if (previous is not null)
        {
            item["previous"] = new AttributeValue { S = previous };
        }

        return item;
    }

    // Random, so two concurrent writers never write into the same snapshot partition.
    private static string NewVersion() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    private static AttributeValue Number(long value) => new() { N = value.ToString(CultureInfo.InvariantCulture) };
}
