using System.Globalization;
using Amazon.DynamoDBv2.Model;
using TokenBroker.Core.Ports;

namespace TokenBroker.Aws.DynamoDb;

/// <summary>
/// One-time values (SAML assertion ids, OIDC jti): pk <c>REPLAY#{key}</c>, sk <c>SEEN</c>. The first writer wins by a
/// conditional PutItem that also admits an entry whose time has passed (TTL deletion is lazy); the TTL is the expiry.
/// </summary>
public sealed class DynamoDbReplayCache(DynamoDbTable table, TimeProvider timeProvider) : IReplayCache
{
    /// <inheritdoc />
    public Task<bool> TryAddAsync(string key, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        var item = DynamoDbTable.Key("REPLAY#" + key, "SEEN");
        item[DynamoDbTable.TimeToLive] = Number(expiresAt.ToUnixTimeSeconds());
        return table.TryWriteAsync(token => table.Client.PutItemAsync(new PutItemRequest
        {
            TableName = table.Name,
            Item = item,
            ConditionExpression = "attribute_not_exists(pk) OR #ttl < :now",
            ExpressionAttributeNames = new() { ["#ttl"] = DynamoDbTable.TimeToLive },
            ExpressionAttributeValues = new() { [":now"] = Number(timeProvider.GetUtcNow().ToUnixTimeSeconds()) },
        }, token), cancellationToken);
    }

    private static AttributeValue Number(long value) => new() { N = value.ToString(CultureInfo.InvariantCulture) };
}
