using TokenBroker.Core.Ports;

namespace TokenBroker.Embedded.Tests;

/// <summary>The IAM write compensation against <see cref="Sqlite.SqliteDirectory"/> in a temporary data folder.</summary>
public sealed class SqliteIamWriteCompensationTests : IamWriteCompensationContractTests
{
    private readonly SqliteStores _stores = new();

    protected override async Task<IDirectory> CreateDirectoryAsync() => (await _stores.CreateAsync()).Directory;

    protected override async Task<IDirectory> OpenAnotherAsync() => (await _stores.OpenAsync()).Directory;

    public override void Dispose() => _stores.Dispose();
}
