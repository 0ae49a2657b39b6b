using TokenBroker.Core.Ports;
using TokenBroker.Embedded.Tests;

namespace TokenBroker.Aws.Tests;

/// <summary>The IAM write compensation against <see cref="DynamoDb.DynamoDbDirectory"/> on DynamoDB Local with moto's KMS.</summary>
public sealed class DynamoDbIamWriteCompensationTests : IamWriteCompensationContractTests
{
    private readonly AwsStores _stores = new();

    protected override async Task<IDirectory> CreateDirectoryAsync() => (await _stores.CreateAsync()).Directory;

    protected override async Task<IDirectory> OpenAnotherAsync() => (await _stores.OpenAsync()).Directory;

    public override void Dispose() => _stores.Dispose();
}
