using TokenBroker.Core.Ports;
using TokenBroker.Embedded.Tests;

namespace TokenBroker.Aws.Tests;

/// <summary>The key-record contract against <see cref="DynamoDb.DynamoDbKeyRecordStore"/> on DynamoDB Local.</summary>
public sealed class DynamoDbKeyRecordStoreContractTests : KeyRecordStoreContractTests
{
    private readonly AwsStores _stores = new();

    protected override async Task<IKeyRecordStore> CreateStoreAsync() => (await _stores.CreateAsync()).KeyRecords;

    protected override async Task<IKeyRecordStore> RestartAsync() => (await _stores.RestartAsync()).KeyRecords;

    public override void Dispose() => _stores.Dispose();
}
