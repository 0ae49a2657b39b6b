using System.Globalization;
using Amazon.DynamoDBv2.Model;
using TokenBroker.Core.Model;
using TokenBroker.Core.Ports;
using TokenBroker.Core.Revocation;

namespace TokenBroker.Aws.DynamoDb;

/// <summary>
/// Revocation cutoffs, one item per (scope, subject): pk <c>REVOKE#{scope}</c>, sk the subject, read by key on the
/// request path. A cutoff only ever moves later: the write is conditional on the stored
/// cutoff being earlier, so concurrent writers never lose the latest. Items expire (TTL) when no session issued before
/// them can still be alive: 36 hours (the longest session) after the later of the cutoff and the time it was written.
/// </summary>
public sealed class DynamoDbRevocationStore(DynamoDbTable table, TimeProvider timeProvider) : IRevocationStore
{
    private static readonly TimeSpan Retention = TimeSpan.FromHours(36);

    /// <inheritdoc />
    public async Task<DateTimeOffset> SetCutoffAsync(RevocationScope scope, string subject, DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subject);
        var milliseconds = cutoff.ToUnixTimeMilliseconds();
        var written = await table.TryWriteAsync(token => table.Client.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = table.Name,
            Key = DynamoDbTable.Key(PartitionKey(scope), subject),
            UpdateExpression = "SET cutoff = :cutoff, #ttl = :ttl",
            ConditionExpression = "attribute_not_exists(cutoff) OR cutoff < :cutoff",
            ExpressionAttributeNames = new() { ["#ttl"] = DynamoDbTable.TimeToLive },
            ExpressionAttributeValues = new()
            {
                [":cutoff"] = Number(milliseconds),
                [":ttl"] = Number(SaturatingTime.Add(Later(cutoff, timeProvider.GetUtcNow()), Retention).ToUnixTimeSeconds()),
            },
        }, token), cancellationToken);
        return written ? DateTimeOffset.FromUnixTimeMilliseconds(milliseconds) : (await GetCutoffAsync(scope, subject, cancellationToken))!.Value;
    }

    /// <inheritdoc />
    public async Task<DateTimeOffset?> GetCutoffAsync(RevocationScope scope, string subject, CancellationToken cancellationToken)
    {
        var item = await table.GetAsync(PartitionKey(scope), subject, cancellationToken);
        return item is null ? null : Cutoff(item);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<RevocationCutoff>> ListAsync(CancellationToken cancellationToken)
    {
        var cutoffs = new List<RevocationCutoff>();
        foreach (var scope in Enum.GetValues<RevocationScope>())
        {
            foreach (var item in await table.QueryPartitionAsync(PartitionKey(scope), cancellationToken))
            {
                cutoffs.Add(new RevocationCutoff(scope, item[DynamoDbTable.SortKey].S, Cutoff(item)));
            }
        }

        return cutoffs;
    }

    private static string PartitionKey(RevocationScope scope) => "REVOKE#" + scope.ToString();

    private static DateTimeOffset Cutoff(Dictionary<string, AttributeValue> item) =>
        DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(item["cutoff"].N, CultureInfo.InvariantCulture));

    private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static AttributeValue Number(long value) => new() { N = value.ToString(CultureInfo.InvariantCulture) };
}
