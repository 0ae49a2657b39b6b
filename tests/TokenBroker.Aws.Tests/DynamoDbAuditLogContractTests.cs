using TokenBroker.Core.Ports;
using TokenBroker.Embedded.Tests;

namespace TokenBroker.Aws.Tests;

/// <summary>The audit-log contract against <see cref="DynamoDb.DynamoDbAuditLog"/> on DynamoDB Local.</summary>
public sealed class DynamoDbAuditLogContractTests : AuditLogContractTests
{
    private readonly AwsStores _stores = new();

    protected override async Task<IAuditLog> CreateLogAsync() => (await _stores.CreateAsync()).AuditLog;

    protected override async Task<IAuditLog> RestartAsync() => (await _stores.RestartAsync()).AuditLog;

    public override void Dispose() => _stores.Dispose();
}
