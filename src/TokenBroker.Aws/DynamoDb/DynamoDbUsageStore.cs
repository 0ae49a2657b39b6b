using System.Globalization;
using Amazon.DynamoDBv2.Model;
using TokenBroker.Core.Model;
using TokenBroker.Core.Ports;
using TokenBroker.Core.Usage;

namespace TokenBroker.Aws.DynamoDb;

/// <summary>
/// Usage records in the table: pk <c>USAGE#KEY#{id}</c>, sk <c>LAST</c> for a key; pk <c>USAGE#ENTITY#{arn}</c>,
/// sk <c>{service}#{action}</c> for an entity action; attributes <c>usedAt</c> (Unix milliseconds), <c>region</c>,
/// <c>service</c>, <c>action</c>. Each record is one conditional UpdateItem that only moves <c>usedAt</c> forward,
/// so instances writing in any order keep the latest use. Reports: pk <c>REPORT#{name}</c>, sk <c>REPORT</c>, written once
/// by a conditional put (an item holds at most 400 KB: about a thousand users' credential report); a report with an
/// expiry (an access advisor job) carries the table's TTL attribute. Usage records have no TTL: access advisor looks back at least 400 days.
/// </summary>
public sealed class DynamoDbUsageStore(DynamoDbTable table) : IUsageStore
{
    private const string KeySort = "LAST";
    private const string ReportSort = "REPORT";

    // Updates of one batch run a few at a time: a flush is off the request path, and this keeps it from hogging capacity.
    private const int Parallel = 8;

    /// <inheritdoc />
    public async Task WriteAsync(IReadOnlyCollection<AccessKeyUse> keys, IReadOnlyCollection<ActionUse> actions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(actions);
        var updates = keys.Select(k => Update(KeyPartition(k.AccessKeyId), KeySort, k.UsedAt, k.Region, k.ServiceNamespace, null))
            .Concat(actions.Select(a => Update(EntityPartition(a.EntityArn), ActionSort(a.ServiceNamespace, a.ActionName), a.UsedAt, a.Region, a.ServiceNamespace, a.ActionName)));
        foreach (var chunk in updates.Chunk(Parallel))
        {
            await Task.WhenAll(chunk.Select(request => table.TryWriteAsync(token => table.Client.UpdateItemAsync(request, token), cancellationToken)));
        }
    }

    /// <inheritdoc />
    public async Task<AccessKeyUse?> GetAccessKeyUseAsync(AccessKeyId accessKeyId, CancellationToken cancellationToken)
    {
        var item = await table.GetAsync(KeyPartition(accessKeyId), KeySort, cancellationToken);
        return item is null ? null : new AccessKeyUse(accessKeyId, UsedAt(item), item["region"].S, item["service"].S);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ActionUse>> GetActionUsesAsync(string entityArn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entityArn);
        var items = await table.QueryPartitionAsync(EntityPartition(entityArn), cancellationToken);
        return items.Select(i => new ActionUse(entityArn, i["service"].S, i["action"].S, UsedAt(i), i["region"].S)).ToList();
    }

    /// <inheritdoc />
    public async Task<StoredReport> GetOrCreateReportAsync(string name, StoredReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(report);
        var item = DynamoDbTable.Key(ReportPartition(name), ReportSort);
        item["generatedAt"] = new AttributeValue { N = report.GeneratedTime.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) };
        item["content"] = new AttributeValue { B = new MemoryStream(report.Content) };
        if (report.ExpiresAt is { } expiresAt)
        {
            // TTL in seconds: DynamoDB deletes the item some time after; readers check the time themselves.
            item[DynamoDbTable.TimeToLive] = new AttributeValue { N = expiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) };
            item["expiresAtMs"] = new AttributeValue { N = expiresAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) };
        }

        await table.TryWriteAsync(token => table.Client.PutItemAsync(new PutItemRequest
        {
            TableName = table.Name,
            Item = item,
            ConditionExpression = "attribute_not_exists(pk)",
        }, token), cancellationToken);
        return await GetReportAsync(name, cancellationToken) ?? throw new InvalidOperationException("A stored report vanished.");
    }

    /// <inheritdoc />
    public async Task<StoredReport?> GetReportAsync(string name, CancellationToken cancellationToken)
    {
        var item = await table.GetAsync(ReportPartition(name), ReportSort, cancellationToken);
        return item is null
            ? null
            : new StoredReport(DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(item["generatedAt"].N, CultureInfo.InvariantCulture)), item["content"].B.ToArray())
            {
                ExpiresAt = item.TryGetValue("expiresAtMs", out var expires)
                    ? DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(expires.N, CultureInfo.InvariantCulture))
                    : null,
            };
    }

    private static string ReportPartition(string name) => "REPORT#" + name;

    private static string KeyPartition(AccessKeyId id) => "USAGE#KEY#" + id.Value;

    private static string EntityPartition(string arn) => "USAGE#ENTITY#" + arn;

    private static string ActionSort(string service, string action) => service + "#" + action;

    private UpdateItemRequest Update(string pk, string sk, DateTimeOffset usedAt, string region, string service, string? action)
    {
        var values = new Dictionary<string, AttributeValue>
        {
            [":t"] = new() { N = usedAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) },
            [":r"] = new() { S = region },
            [":s"] = new() { S = service },
        };
        var set = "usedAt = :t, #region = :r, service = :s";
        if (action is not null)
        {
            values[":a"] = new() { S = action };
            set += ", #action = :a";
        }

        var names = new Dictionary<string, string> { ["#region"] = "region" };
        if (action is not null)
        {
            names["#action"] = "action";
        }

        return new UpdateItemRequest
        {
            TableName = table.Name,
            Key = DynamoDbTable.Key(pk, sk),
            UpdateExpression = "SET " + set,
            ConditionExpression = "attribute_not_exists(usedAt) OR usedAt < :t",
            ExpressionAttributeNames = names,
            ExpressionAttributeValues = values,
        };
    }

    private static DateTimeOffset UsedAt(Dictionary<string, AttributeValue> item) =>
        DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(item["usedAt"].N, CultureInfo.InvariantCulture));
}
