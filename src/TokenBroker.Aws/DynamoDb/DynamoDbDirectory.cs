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
    private const int MaxLoadAttempts = 5;

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
    public async Task<string> CurrentVersionAsync(CancellationToken cancellationToken) =>
        (await ReadPointerAsync(cancellationToken))?.Version ?? DirectoryView.EmptyVersion;

    /// <inheritdoc />
    public async Task<DirectoryView> LoadAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxLoadAttempts; attempt++)
        {
            if (await ReadPointerAsync(cancellationToken) is not { } pointer)
            {
                return DirectoryView.Empty;
            }

            var items = await _table.QueryPartitionAsync(DirectoryItems.Partition(pointer.Version), cancellationToken);

            // A version is deleted only after the pointer has moved two versions past it (ReplaceAsync). If the pointer
            // still names it as current or previous, no delete of it had begun, so the partition was read whole; the
            // item count written with the pointer confirms that nothing is missing.
            var after = await ReadPointerAsync(cancellationToken);
            if (items.Count == pointer.Items
                && after is not null && (after.Version == pointer.Version || after.Previous == pointer.Version))
            {
                return new DirectoryView(pointer.Version, _items.ToSnapshot(items));
            }
        }

        throw new StoreUnavailableException("The directory changed faster than it could be read; try again.");
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
    public async Task<string> ReplaceAsync(DirectorySnapshot snapshot, string? expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        DirectorySnapshotValidator.Check(snapshot);
        var pointer = await ReadPointerAsync(cancellationToken);
        var current = pointer?.Version;
        var previous = pointer?.Previous;
        if (expectedVersion is not null && !string.Equals(current ?? DirectoryView.EmptyVersion, expectedVersion, StringComparison.Ordinal))
        {
            throw new DirectoryConflictException();
        }

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
            throw new DirectoryConflictException("Another writer replaced the directory at the same time; nothing was written.");
        }

        // The version before the one just superseded is no longer readable by anyone: readers that fetched the old
        // pointer a moment ago still find the superseded version intact.
        if (previous is not null)
        {
            await DeleteVersionAsync(previous, cancellationToken);
        }

        return next;
    }

    private async Task<VersionPointer?> ReadPointerAsync(CancellationToken cancellationToken)
    {
        var item = await _table.GetAsync(PointerPartition, PointerSort, cancellationToken);
        return item is null
            ? null
            : new VersionPointer(
                item["version"].S,
                item.TryGetValue("previous", out var previous) ? previous.S : null,
                item.TryGetValue("items", out var count) ? int.Parse(count.N, CultureInfo.InvariantCulture) : -1);
    }

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

    private sealed record VersionPointer(string Version, string? Previous, int Items);
}
