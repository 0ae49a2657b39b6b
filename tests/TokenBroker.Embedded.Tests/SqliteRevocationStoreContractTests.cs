using TokenBroker.Core.Ports;

namespace TokenBroker.Embedded.Tests;

/// <summary>The revocation contract against <see cref="Sqlite.SqliteRevocationStore"/> in a temporary data folder.</summary>
public sealed class SqliteRevocationStoreContractTests : RevocationStoreContractTests
{
    private readonly SqliteStores _stores = new();

    protected override async Task<IRevocationStore> CreateStoreAsync() => (await _stores.CreateAsync()).Revocations;

    protected override async Task<IRevocationStore> RestartAsync() => (await _stores.RestartAsync()).Revocations;

    public override void Dispose() => _stores.Dispose();
}
