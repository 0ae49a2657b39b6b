using System.Globalization;
using System.Text.Json;
using Amazon.DynamoDBv2.Model;
using TokenBroker.Core.Audit;
using TokenBroker.Core.Ports;

namespace TokenBroker.Aws.DynamoDb;

/// <summary>
/// Audit records, one item each: pk <c>AUDIT#{shard}</c> (eight shards chosen by request id, so a busy broker's writes
/// spread over partitions), sk the time in ticks, the request id and the action, the record as JSON in <c>data</c>, and a TTL of
/// <see cref="Retention"/> after it was written. Each append is one PutItem, acknowledged before the response is returned; a query
/// reads the shards newest first from <c>Since</c> and merges them.
/// </summary>
public sealed class DynamoDbAuditLog(DynamoDbTable table, TimeProvider timeProvider) : IAuditLog
{
    private const int Shards = 8;

    /// <summary>How long records are kept (TOKENBROKER_AUDIT_RETENTION_DAYS, default 90 days): the item's TTL, after which DynamoDB deletes it.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(90);

    /// <inheritdoc />
    public Task AppendAsync(AuditRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        // The action is part of the key: one request can write several records in the same tick (its own and its MFA
        // device's events), and none may overwrite another.
        var item = DynamoDbTable.Key(PartitionKey(Shard(record.RequestId)), SortKey(record.Time) + "#" + record.RequestId + "#" + record.Action);
        item["data"] = new AttributeValue { S = JsonSerializer.Serialize(record, ModelJsonContext.Default.AuditRecord) };
        item["action"] = new AttributeValue { S = record.Action };
        item[DynamoDbTable.TimeToLive] = new AttributeValue
        {
            N = (timeProvider.GetUtcNow() + Retention).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
        };
        return table.Guard.RunAsync(token => table.Client.PutItemAsync(new PutItemRequest { TableName = table.Name, Item = item }, token), cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<AuditRecord>> QueryAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var records = new List<AuditRecord>();
        for (var shard = 0; shard < Shards; shard++)
        {
            foreach (var item in await QueryShardAsync(shard, query, cancellationToken))
            {
                records.Add(JsonSerializer.Deserialize(item["data"].S, ModelJsonContext.Default.AuditRecord)!);
            }
        }

        return records.OrderByDescending(r => r.Time).ThenByDescending(r => r.RequestId, StringComparer.Ordinal).Take(query.Limit).ToList();
    }

    private async Task<List<Dictionary<string, AttributeValue>>> QueryShardAsync(int shard, AuditQuery query, CancellationToken cancellationToken)
    {
        var items = new List<Dictionary<string, AttributeValue>>();
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var request = new QueryRequest
                {
                TableName = table.Name,
                KeyConditionExpression = "pk = :pk AND sk >= :since",
                ExpressionAttributeValues = new()
                    {
                    [":pk"] = new AttributeValue { S = PartitionKey(shard) },
                    [":since"] = new AttributeValue { S = SortKey(query.Since ?? DateTimeOffset.UnixEpoch) },
                },
                ScanIndexForward = false,
                ExclusiveStartKey = start,
            };
            if (query.Action is { } action)
                {
                request.FilterExpression = "#action = :action";
                request.ExpressionAttributeNames = new() { ["#action"] = "action" };
                request.ExpressionAttributeValues[":action"] = new AttributeValue { S = action };
            }

            var page = await table.Guard.RunAsync(token => table.Client.QueryAsync(request, token), cancellationToken);
            items.AddRange(page.Items ?? []);

            // Newest first per shard: once a shard has Limit matches, older ones cannot be in the answer.
            start = page.LastEvaluatedKey is { Count: > 0 } last && items.Count < query.Limit ? last : null;
        }
        while (start is not null);
        return items;
    }

    private static int Shard(string requestId)
    {
        var hash = 0u;
        foreach (var c in requestId)
        {
            hash = (hash * 31) + c;
        }

        return (int)(hash % Shards);
    }

    private static string PartitionKey(int shard) => "AUDIT#" + shard.ToString(CultureInfo.InvariantCulture);

    private static string SortKey(DateTimeOffset time) => time.UtcTicks.ToString("D19", CultureInfo.InvariantCulture);
}
