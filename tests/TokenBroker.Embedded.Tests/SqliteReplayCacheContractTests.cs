using TokenBroker.Core.Ports;

namespace TokenBroker.Embedded.Tests;

/// <summary>The replay-cache contract against <see cref="Sqlite.SqliteReplayCache"/> in a temporary data folder.</summary>
public sealed class SqliteReplayCacheContractTests : ReplayCacheContractTests
{
    private readonly SqliteStores _stores = new();

    protected override async Task<IReplayCache> CreateCacheAsync() => (await _stores.CreateAsync()).CreateReplayCache(Time);

    protected override async Task<IReplayCache> OpenAnotherAsync() => (await _stores.OpenAsync()).CreateReplayCache(Time);

    protected override async Task<IReplayCache> RestartAsync() => (await _stores.RestartAsync()).CreateReplayCache(Time);

    public override void Dispose() => _stores.Dispose();
}
