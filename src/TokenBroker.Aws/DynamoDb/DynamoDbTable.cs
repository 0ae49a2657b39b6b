using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace TokenBroker.Aws.DynamoDb;

/// <summary>
/// The broker's one DynamoDB table (docs/dynamodb.md): string keys <c>pk</c> and <c>sk</c>, TTL attribute
/// <c>expiresAt</c>. Every read on a request path is a strongly consistent GetItem; nothing scans.
/// </summary>
public sealed class DynamoDbTable(IAmazonDynamoDB client, string tableName)
{
    public const string PartitionKey = "pk";
    public const string SortKey = "sk";
    public const string TimeToLive = "expiresAt";
    private const string Service = "DynamoDB";

    /// <summary>The table's name.</summary>
    public string Name { get; } = tableName;

    internal IAmazonDynamoDB Client { get; } = client;

    /// <summary>Creates the table (on-demand, TTL on) as template.yaml declares it; for tests and local use.</summary>
    public async Task CreateAsync(CancellationToken cancellationToken)
    {
        await Client.CreateTableAsync(new CreateTableRequest
        {
            TableName = Name,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            KeySchema = [new KeySchemaElement(PartitionKey, KeyType.HASH), new KeySchemaElement(SortKey, KeyType.RANGE)],
            AttributeDefinitions = [new AttributeDefinition(PartitionKey, ScalarAttributeType.S), new AttributeDefinition(SortKey, ScalarAttributeType.S)],
        }, cancellationToken);
        await Client.UpdateTimeToLiveAsync(new UpdateTimeToLiveRequest
        {
            TableName = Name,
            TimeToLiveSpecification = new TimeToLiveSpecification { AttributeName = TimeToLive, Enabled = true },
        }, cancellationToken);
    }

    internal static Dictionary<string, AttributeValue> Key(string pk, string sk) => new(StringComparer.Ordinal)
    {
        [PartitionKey] = new AttributeValue { S = pk },
        [SortKey] = new AttributeValue { S = sk },
    };

    internal Task<Dictionary<string, AttributeValue>?> GetAsync(string pk, string sk, CancellationToken cancellationToken) =>
        AwsFaults.RunAsync(Service, async () =>
        {
            var response = await Client.GetItemAsync(new GetItemRequest { TableName = Name, Key = Key(pk, sk), ConsistentRead = true }, cancellationToken);
            return response.IsItemSet && response.Item is { Count: > 0 } item ? item : null;
        }, cancellationToken);

    /// <summary>Runs a conditional write; false when its condition failed (another writer got there first).</summary>
    internal static Task<bool> TryWriteAsync(Func<Task> write, CancellationToken cancellationToken) =>
        AwsFaults.RunAsync(Service, async () =>
        {
            try
            {
                await write();
                return true;
            }
            catch (ConditionalCheckFailedException)
            {
                return false;
            }
        }, cancellationToken);

    /// <summary>Every item of one partition, in sort-key order, read consistently page by page.</summary>
    internal Task<List<Dictionary<string, AttributeValue>>> QueryPartitionAsync(string pk, CancellationToken cancellationToken) =>
        AwsFaults.RunAsync(Service, async () =>
        {
            var items = new List<Dictionary<string, AttributeValue>>();
            Dictionary<string, AttributeValue>? start = null;
            do
            {
                var page = await Client.QueryAsync(new QueryRequest
                {
                    TableName = Name,
                    ConsistentRead = true,
                    KeyConditionExpression = "pk = :pk",
                    ExpressionAttributeValues = new() { [":pk"] = new AttributeValue { S = pk } },
                    ExclusiveStartKey = start,
                }, cancellationToken);
                items.AddRange(page.Items ?? []);
                start = page.LastEvaluatedKey is { Count: > 0 } last ? last : null;
            }
            while (start is not null);
            return items;
        }, cancellationToken);

    /// <summary>Writes or deletes items 25 at a time (the BatchWriteItem limit), resending unprocessed ones.</summary>
    internal Task BatchWriteAsync(IReadOnlyList<WriteRequest> writes, CancellationToken cancellationToken) =>
        AwsFaults.RunAsync(Service, async () =>
        {
            foreach (var chunk in writes.Chunk(25))
            {
                var pending = new Dictionary<string, List<WriteRequest>> { [Name] = [.. chunk] };
                for (var attempt = 0; pending.Count > 0 && pending.Values.Sum(v => v.Count) > 0; attempt++)
                {
                    if (attempt > 0)
                    {
                        await Task.Delay(TimeSpan.FromMilliseconds(50 << Math.Min(attempt, 6)), cancellationToken);
                    }

                    var response = await Client.BatchWriteItemAsync(new BatchWriteItemRequest { RequestItems = pending }, cancellationToken);
                    pending = response.UnprocessedItems ?? [];
                }
            }
        }, cancellationToken);
}
