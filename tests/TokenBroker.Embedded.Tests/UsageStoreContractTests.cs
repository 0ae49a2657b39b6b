using TokenBroker.Core.Model;
using TokenBroker.Core.Ports;
using TokenBroker.Core.Usage;

namespace TokenBroker.Embedded.Tests;

/// <summary>What every <see cref="IUsageStore"/> adapter must do; adapters derive and say how to open their store.</summary>
public abstract class UsageStoreContractTests : IDisposable
{
    protected static readonly CancellationToken None = CancellationToken.None;

    private static readonly AccessKeyId Key = AccessKeyId.Parse("AKIAUSAGECONTRACT001");
    private static readonly DateTimeOffset Noon = new(2026, 5, 1, 12, 0, 0, 250, TimeSpan.Zero);
    private const string Alice = "arn:aws:iam::111111111111:user/alice";
    private const string Deployer = "arn:aws:iam::111111111111:role/deployer";

    /// <summary>A new, empty store.</summary>
    protected abstract Task<IUsageStore> CreateStoreAsync();

    /// <summary>A second instance over the same data, as a second broker process opens it.</summary>
    protected abstract Task<IUsageStore> OpenAnotherAsync();

    /// <summary>Closes every instance and opens the data again, as after a restart.</summary>
    protected abstract Task<IUsageStore> RestartAsync();

    public abstract void Dispose();

    [Fact]
    public async Task GetAccessKeyUseAsync_NeverRecorded_Null()
    {
        var store = await CreateStoreAsync();

        Assert.Null(await store.GetAccessKeyUseAsync(Key, None));
        Assert.Empty(await store.GetActionUsesAsync(Alice, None));
    }

    [Fact]
    public async Task WriteAsync_KeyUse_ReadBackWithRegionAndService()
    {
        var store = await CreateStoreAsync();

        await store.WriteAsync([new AccessKeyUse(Key, Noon, "eu-west-1", "sts")], [], None);

        Assert.Equal(new AccessKeyUse(Key, Noon, "eu-west-1", "sts"), await store.GetAccessKeyUseAsync(Key, None));
    }

    [Fact]
    public async Task WriteAsync_OlderUseAfterNewer_KeepsTheNewer()
    {
        var store = await CreateStoreAsync();
        await store.WriteAsync([new AccessKeyUse(Key, Noon, "eu-west-1", "iam")], [new ActionUse(Alice, "sts", "AssumeRole", Noon, "eu-west-1")], None);

        await store.WriteAsync(
            [new AccessKeyUse(Key, Noon.AddMinutes(-5), "us-east-1", "sts")],
            [new ActionUse(Alice, "sts", "AssumeRole", Noon.AddMinutes(-5), "us-east-1")], None);

        Assert.Equal("iam", (await store.GetAccessKeyUseAsync(Key, None))!.ServiceNamespace);
        Assert.Equal([new ActionUse(Alice, "sts", "AssumeRole", Noon, "eu-west-1")], await store.GetActionUsesAsync(Alice, None));
    }

    [Fact]
    public async Task WriteAsync_NewerUse_ReplacesTimeAndRegion()
    {
        var store = await CreateStoreAsync();
        await store.WriteAsync([new AccessKeyUse(Key, Noon, "eu-west-1", "sts")], [new ActionUse(Alice, "sts", "AssumeRole", Noon, "eu-west-1")], None);

        await store.WriteAsync(
            [new AccessKeyUse(Key, Noon.AddMinutes(1), "us-east-1", "iam")],
            [new ActionUse(Alice, "sts", "AssumeRole", Noon.AddMinutes(1), "us-east-1")], None);

        Assert.Equal(new AccessKeyUse(Key, Noon.AddMinutes(1), "us-east-1", "iam"), await store.GetAccessKeyUseAsync(Key, None));
        Assert.Equal([new ActionUse(Alice, "sts", "AssumeRole", Noon.AddMinutes(1), "us-east-1")], await store.GetActionUsesAsync(Alice, None));
    }

    [Fact]
    public async Task GetActionUsesAsync_SeveralEntities_OnlyThisEntitysActions()
    {
        var store = await CreateStoreAsync();
        ActionUse[] alice =
        [
            new(Alice, "sts", "AssumeRole", Noon, "eu-west-1"),
            new(Alice, "sts", "GetCallerIdentity", Noon.AddSeconds(1), "eu-west-1"),
            new(Alice, "iam", "ListAccessKeys", Noon.AddSeconds(2), "us-east-1"),
        ];

        await store.WriteAsync([], [.. alice, new ActionUse(Deployer, "sts", "AssumeRole", Noon, "eu-west-1")], None);

        Assert.Equal(alice.OrderBy(a => a.ActionName, StringComparer.Ordinal),
            (await store.GetActionUsesAsync(Alice, None)).OrderBy(a => a.ActionName, StringComparer.Ordinal));
        Assert.Single(await store.GetActionUsesAsync(Deployer, None));
    }

    [Fact]
    public async Task WriteAsync_TwoInstancesInEitherOrder_ConvergeOnTheLatestUse()
    {
        var first = await CreateStoreAsync();
        var second = await OpenAnotherAsync();

        await Task.WhenAll(
            Task.Run(() => first.WriteAsync([new AccessKeyUse(Key, Noon.AddSeconds(30), "us-east-1", "iam")], [], None)),
            Task.Run(() => second.WriteAsync([new AccessKeyUse(Key, Noon, "eu-west-1", "sts")], [], None)));

        Assert.Equal(Noon.AddSeconds(30), (await first.GetAccessKeyUseAsync(Key, None))!.UsedAt);
        Assert.Equal(Noon.AddSeconds(30), (await second.GetAccessKeyUseAsync(Key, None))!.UsedAt);
    }

    [Fact]
    public async Task WriteAsync_AfterRestart_RecordsRemain()
    {
        var store = await CreateStoreAsync();
        await store.WriteAsync([new AccessKeyUse(Key, Noon, "eu-west-1", "sts")], [new ActionUse(Deployer, "sts", "AssumeRole", Noon, "eu-west-1")], None);

        var reopened = await RestartAsync();

        Assert.NotNull(await reopened.GetAccessKeyUseAsync(Key, None));
        Assert.Single(await reopened.GetActionUsesAsync(Deployer, None));
    }

    [Fact]
    public async Task GetOrCreateReportAsync_TwoInstances_FirstWriterWinsAndBothReadIt()
    {
        var first = await CreateStoreAsync();
        var second = await OpenAnotherAsync();

        var stored = await first.GetOrCreateReportAsync("credential-report/111111111111/1", new StoredReport(Noon, [1, 2, 3]), None);
        var raced = await second.GetOrCreateReportAsync("credential-report/111111111111/1", new StoredReport(Noon.AddSeconds(1), [9]), None);

        Assert.Equal(Noon, stored.GeneratedTime);
        Assert.Equal([1, 2, 3], stored.Content);
        Assert.Equal(Noon, raced.GeneratedTime);
        Assert.Equal([1, 2, 3], raced.Content);
        Assert.Equal(Noon, (await second.GetReportAsync("credential-report/111111111111/1", None))!.GeneratedTime);
        Assert.Null(await second.GetReportAsync("credential-report/111111111111/2", None));
    }

    [Fact]
    public async Task GetOrCreateReportAsync_WithExpiry_AnotherInstanceReadsTheExpiry()
    {
        var first = await CreateStoreAsync();
        var second = await OpenAnotherAsync();

        await first.GetOrCreateReportAsync("access-advisor/job-1", new StoredReport(Noon, [4, 5]) { ExpiresAt = Noon.AddDays(1) }, None);

        var read = await second.GetReportAsync("access-advisor/job-1", None);
        Assert.Equal([4, 5], read!.Content);
        Assert.Equal(Noon.AddDays(1), read.ExpiresAt);
    }

    [Fact]
    public async Task GetOrCreateReportAsync_WithoutExpiry_ReadBackWithoutExpiry()
    {
        var store = await CreateStoreAsync();

        await store.GetOrCreateReportAsync("credential-report/111111111111/7", new StoredReport(Noon, [1]), None);

        Assert.Null((await store.GetReportAsync("credential-report/111111111111/7", None))!.ExpiresAt);
    }
}
