using TokenBroker.Core.Ports;

namespace TokenBroker.Embedded.Tests;

/// <summary>The directory contract against <see cref="Sqlite.SqliteDirectory"/> in a temporary data folder.</summary>
public sealed class SqliteDirectoryContractTests : DirectoryContractTests
{
    private readonly SqliteStores _stores = new();

    protected override async Task<IDirectory> CreateDirectoryAsync() => (await _stores.CreateAsync()).Directory;

    protected override async Task<IDirectory> OpenAnotherAsync() => (await _stores.OpenAsync()).Directory;

    protected override async Task<IDirectory> RestartAsync() => (await _stores.RestartAsync()).Directory;

    public override void Dispose() => _stores.Dispose();
}
