using TokenBroker.Core.Ports;
using TokenBroker.Embedded.Tests;

namespace TokenBroker.Aws.Tests;

/// <summary>The MFA attempt contract against <see cref="DynamoDb.DynamoDbMfaAttempts"/> on DynamoDB Local.</summary>
public sealed class DynamoDbMfaAttemptStoreContractTests : MfaAttemptStoreContractTests
{
    private readonly AwsStores _stores = new();

    protected override async Task<IMfaAttemptStore> CreateStoreAsync() => (await _stores.CreateAsync()).MfaAttempts;

    protected override async Task<IMfaAttemptStore> OpenAnotherAsync() => (await _stores.OpenAsync()).MfaAttempts;

    protected override async Task<IMfaAttemptStore> RestartAsync() => (await _stores.RestartAsync()).MfaAttempts;

    public override void Dispose() => _stores.Dispose();
}
