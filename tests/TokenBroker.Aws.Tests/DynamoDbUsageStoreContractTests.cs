using TokenBroker.Core.Ports;
using TokenBroker.Embedded.Tests;

namespace TokenBroker.Aws.Tests;

/// <summary>The usage store contract against <see cref="DynamoDb.DynamoDbUsageStore"/> on DynamoDB Local.</summary>
public sealed class DynamoDbUsageStoreContractTests : UsageStoreContractTests
{
    private readonly AwsStores _stores = new();

    protected override async Task<IUsageStore> CreateStoreAsync() => (await _stores.CreateAsync()).Usage;

    protected override async Task<IUsageStore> OpenAnotherAsync() => (await _stores.OpenAsync()).Usage;

    protected override async Task<IUsageStore> RestartAsync() => (await _stores.RestartAsync()).Usage;

    public override void Dispose() => _stores.Dispose();
}
