using TokenBroker.Core.Ports;
using TokenBroker.Core.Usage;

namespace TokenBroker.Embedded.Tests;

/// <summary>The usage store contract against <see cref="Sqlite.SqliteUsageStore"/> in a temporary data folder.</summary>
public sealed class SqliteUsageStoreContractTests : UsageStoreContractTests
{
    private readonly SqliteStores _stores = new();

    protected override async Task<IUsageStore> CreateStoreAsync() => (await _stores.CreateAsync()).Usage;

    protected override async Task<IUsageStore> OpenAnotherAsync() => (await _stores.OpenAsync()).Usage;

    protected override async Task<IUsageStore> RestartAsync() => (await _stores.RestartAsync()).Usage;

    public override void Dispose() => _stores.Dispose();

    [Fact]
    public async Task GetOrCreateReportAsync_ExpiringReportAfterAnotherExpired_SweepsTheExpiredOne()
    {
        var store = await CreateStoreAsync();
        var noon = new DateTimeOffset(2026, 5, 1, 12, 0, 0, TimeSpan.Zero);
        await store.GetOrCreateReportAsync("access-advisor/old", new StoredReport(noon, [1]) { ExpiresAt = noon.AddHours(1) }, None);
        await store.GetOrCreateReportAsync("credential-report/111111111111/1", new StoredReport(noon, [2]), None);

        await store.GetOrCreateReportAsync("access-advisor/new", new StoredReport(noon.AddHours(2), [3]) { ExpiresAt = noon.AddHours(3) }, None);

        Assert.Null(await store.GetReportAsync("access-advisor/old", None));
        Assert.NotNull(await store.GetReportAsync("credential-report/111111111111/1", None));
        Assert.NotNull(await store.GetReportAsync("access-advisor/new", None));
    }
}
