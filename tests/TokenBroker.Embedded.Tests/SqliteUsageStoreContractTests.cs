using TokenBroker.Core.Ports;

namespace TokenBroker.Embedded.Tests;

/// <summary>The usage store contract against <see cref="Sqlite.SqliteUsageStore"/> in a temporary data folder.</summary>
public sealed class SqliteUsageStoreContractTests : UsageStoreContractTests
{
    private readonly SqliteStores _stores = new();

    protected override async Task<IUsageStore> CreateStoreAsync() => (await _stores.CreateAsync()).Usage;

    protected override async Task<IUsageStore> OpenAnotherAsync() => (await _stores.OpenAsync()).Usage;

    protected override async Task<IUsageStore> RestartAsync() => (await _stores.RestartAsync()).Usage;

    public override void Dispose() => _stores.Dispose();
}
