using Amazon.DynamoDBv2.Model;
using TokenBroker.Core.Ports;

namespace TokenBroker.Aws.DynamoDb;

/// <summary>Write-once key records as items <c>pk = KEYRECORD#name, sk = KEYRECORD</c>; the first writer wins by a conditional put.</summary>
public sealed class DynamoDbKeyRecordStore(DynamoDbTable table) : IKeyRecordStore
{
    private const string SortKey = "KEYRECORD";

    /// <inheritdoc />
    public async Task<byte[]?> GetAsync(string name, CancellationToken cancellationToken) =>
        (await table.GetAsync(PartitionKey(name), SortKey, cancellationToken))?["value"].B.ToArray();

    /// <inheritdoc />
    public async Task<byte[]> GetOrCreateAsync(string name, byte[] value, CancellationToken cancellationToken)
    {
        var item = DynamoDbTable.Key(PartitionKey(name), SortKey);
        item["value"] = new AttributeValue { B = new MemoryStream(value) };
        var created = await table.TryWriteAsync(token => table.Client.PutItemAsync(new PutItemRequest
        {
            TableName = table.Name,
            Item = item,
            ConditionExpression = "attribute_not_exists(pk)",
        }, token), cancellationToken);
        return created ? value : (await GetAsync(name, cancellationToken))!;
    }

    private static string PartitionKey(string name) => "KEYRECORD#" + name;
}
