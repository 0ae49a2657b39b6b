using TokenBroker.Core.Ports;
using TokenBroker.Embedded.Tests;

namespace TokenBroker.Aws.Tests;

/// <summary>The revocation contract against <see cref="DynamoDb.DynamoDbRevocationStore"/> on DynamoDB Local.</summary>
public sealed class DynamoDbRevocationStoreContractTests : RevocationStoreContractTests
{
    private readonly AwsStores _stores = new();

    protected override async Task<IRevocationStore> CreateStoreAsync() => (await _stores.CreateAsync()).Revocations;

    protected override async Task<IRevocationStore> RestartAsync() => (await _stores.RestartAsync()).Revocations;

    public override void Dispose() => _stores.Dispose();
}
