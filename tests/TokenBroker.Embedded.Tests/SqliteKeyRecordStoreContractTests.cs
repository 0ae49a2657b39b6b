using TokenBroker.Core.Ports;

namespace TokenBroker.Embedded.Tests;

/// <summary>The key-record contract against <see cref="Sqlite.SqliteKeyRecordStore"/> in a temporary data folder.</summary>
public sealed class SqliteKeyRecordStoreContractTests : KeyRecordStoreContractTests
{
    private readonly SqliteStores _stores = new();

    protected override async Task<IKeyRecordStore> CreateStoreAsync() => (await _stores.CreateAsync()).KeyRecords;

    protected override async Task<IKeyRecordStore> RestartAsync() => (await _stores.RestartAsync()).KeyRecords;

    public override void Dispose() => _stores.Dispose();
}
