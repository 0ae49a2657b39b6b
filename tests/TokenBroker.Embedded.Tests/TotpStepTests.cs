using static TokenBroker.Embedded.Tests.SampleDirectory;

namespace TokenBroker.Embedded.Tests;

public sealed class TotpStepTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly TestFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task TryUseTotpStepAsync_FirstUse_Accepted()
    {
        using var store = await StoreFixture.CreateWithSampleAsync(_folder);

        Assert.True(await store.Directory.TryUseTotpStepAsync(AliceSerial, 1000, None));
    }

    [Fact]
    public async Task TryUseTotpStepAsync_ReplayedStep_Refused()
    {
        using var store = await StoreFixture.CreateWithSampleAsync(_folder);
        await store.Directory.TryUseTotpStepAsync(AliceSerial, 1000, None);

        Assert.False(await store.Directory.TryUseTotpStepAsync(AliceSerial, 1000, None));
    }

    [Fact]
    public async Task TryUseTotpStepAsync_EarlierStepAfterLater_Refused()
    {
        using var store = await StoreFixture.CreateWithSampleAsync(_folder);
        await store.Directory.TryUseTotpStepAsync(AliceSerial, 1001, None);

        Assert.False(await store.Directory.TryUseTotpStepAsync(AliceSerial, 1000, None));
        Assert.True(await store.Directory.TryUseTotpStepAsync(AliceSerial, 1002, None));
    }

    [Fact]
    public async Task TryUseTotpStepAsync_OtherDevice_Independent()
    {
        using var store = await StoreFixture.CreateWithSampleAsync(_folder);
        await store.Directory.TryUseTotpStepAsync(AliceSerial, 1000, None);

        Assert.True(await store.Directory.TryUseTotpStepAsync("arn:aws:iam::111111111111:mfa/other", 1000, None));
    }

    [Fact]
    public async Task TryUseTotpStepAsync_ReplayAfterDirectoryReplaced_Refused()
    {
        using var store = await StoreFixture.CreateWithSampleAsync(_folder);
        await store.Directory.TryUseTotpStepAsync(AliceSerial, 1000, None);

        await store.Directory.ReplaceAsync(SampleDirectory.Create(), None);

        Assert.False(await store.Directory.TryUseTotpStepAsync(AliceSerial, 1000, None));
    }

    [Fact]
    public async Task TryUseTotpStepAsync_ReplayAfterRestart_Refused()
    {
        using (var store = await StoreFixture.CreateWithSampleAsync(_folder))
        {
            await store.Directory.TryUseTotpStepAsync(AliceSerial, 1000, None);
        }

        using var reopened = await StoreFixture.OpenAsync(_folder);

        Assert.False(await reopened.Directory.TryUseTotpStepAsync(AliceSerial, 1000, None));
    }

    [Fact]
    public async Task TryUseTotpStepAsync_ConcurrentReplayAcrossProcesses_AdmitsExactlyOne()
    {
        using var first = await StoreFixture.CreateWithSampleAsync(_folder);
        using var second = await StoreFixture.OpenAsync(_folder);
        var stores = new[] { first, second };
        using var start = new ManualResetEventSlim();

        var attempts = Enumerable.Range(0, 32).Select(i => Task.Run(async () =>
        {
            start.Wait();
            return await stores[i % 2].Directory.TryUseTotpStepAsync(AliceSerial, 5000, None);
        })).ToArray();
        start.Set();
        var results = await Task.WhenAll(attempts);

        Assert.Single(results, admitted => admitted);
    }
}
