using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace TokenBroker.Aws.DynamoDb;

/// <summary>
/// The broker's one DynamoDB table (docs/dynamodb.md): string keys <c>pk</c> and <c>sk</c>, TTL attribute
/// <c>expiresAt</c>. Every read on a request path is a strongly consistent GetItem; nothing scans. Every call goes
/// through the table's <see cref="DependencyGuard"/>: a total deadline and the DynamoDB circuit breaker.
/// </summary>
public sealed class DynamoDbTable
{
    public const string PartitionKey = "pk";
    public const string SortKey = "sk";
    public const string TimeToLive = "expiresAt";
    /// <summary>The dependency's name in messages and readiness.</summary>
    public const string Service = "DynamoDB";

    /// <summary>Names the table; every call goes through <paramref name="guard"/>, a default one when none is given.</summary>
    public DynamoDbTable(IAmazonDynamoDB client, string tableName, DependencyGuard? guard = null)
    {
        Client = client;
        Name = tableName;
        Guard = guard ?? DependencyGuard.CreateDefault(Service);
        // The probe reads an item that never exists: the cheapest call the table's policy allows.
        Guard.SetProbe(token => Client.GetItemAsync(new GetItemRequest { TableName = Name, Key = Key("PROBE", "PROBE") }, token));
    }

    /// <summary>The table's name.</summary>
    public string Name { get; }

    internal IAmazonDynamoDB Client { get; }

    /// <summary>The deadline and circuit every call of this table goes through (shared by the tables of one client).</summary>
    public DependencyGuard Guard { get; }

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
        Guard.RunAsync(async token =>
        {
            var response = await Client.GetItemAsync(new GetItemRequest { TableName = Name, Key = Key(pk, sk), ConsistentRead = true }, token);
            return response.IsItemSet && response.Item is { Count: > 0 } item ? item : null;
        }, cancellationToken);

    /// <summary>Runs a conditional write with the token it must pass on; false when its condition failed (another writer got there first).</summary>
    internal Task<bool> TryWriteAsync(Func<CancellationToken, Task> write, CancellationToken cancellationToken) =>
        Guard.RunAsync(async token =>
        {
            try
            {
                await write(token);
                return true;
            }
            catch (ConditionalCheckFailedException)
            {
                return false;
            }
        }, cancellationToken);

    /// <summary>Every item of one partition, in sort-key order, read consistently page by page (each page within the deadline).</summary>
    internal async Task<List<Dictionary<string, AttributeValue>>> QueryPartitionAsync(string pk, CancellationToken cancellationToken)
    {
        var items = new List<Dictionary<string, AttributeValue>>();
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var page = await Guard.RunAsync(token => Client.QueryAsync(new QueryRequest
            {
                TableName = Name,
                ConsistentRead = true,
                KeyConditionExpression = "pk = :pk",
                ExpressionAttributeValues = new() { [":pk"] = new AttributeValue { S = pk } },
                ExclusiveStartKey = start,
            }, token), cancellationToken);
            items.AddRange(page.Items ?? []);
            start = page.LastEvaluatedKey is { Count: > 0 } last ? last : null;
        }
        while (start is not null);
        return items;
    }

    /// <summary>Writes or deletes items 25 at a time (the BatchWriteItem limit), resending unprocessed ones; each request within the deadline.</summary>
    internal async Task BatchWriteAsync(IReadOnlyList<WriteRequest> writes, CancellationToken cancellationToken)
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

                var request = new BatchWriteItemRequest { RequestItems = pending };
                var response = await Guard.RunAsync(token => Client.BatchWriteItemAsync(request, token), cancellationToken);
                pending = response.UnprocessedItems ?? [];
            }
        }
    }
}
