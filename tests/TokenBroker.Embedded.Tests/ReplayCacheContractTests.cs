using Microsoft.Extensions.Time.Testing;
using TokenBroker.Core.Ports;

namespace TokenBroker.Embedded.Tests;

/// <summary>What every <see cref="IReplayCache"/> adapter must do; adapters derive and say how to open their cache.</summary>
public abstract class ReplayCacheContractTests : IDisposable
{
    protected static readonly CancellationToken None = CancellationToken.None;

    protected FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 5, 1, 12, 0, 0, TimeSpan.Zero));

    /// <summary>A new, empty cache judging expiry by <see cref="Time"/>.</summary>
    protected abstract Task<IReplayCache> CreateCacheAsync();

    /// <summary>A second instance over the same data, as a second broker process opens it.</summary>
    protected abstract Task<IReplayCache> OpenAnotherAsync();

    /// <summary>Closes every instance and opens the data again, as after a restart.</summary>
    protected abstract Task<IReplayCache> RestartAsync();

    public abstract void Dispose();

    [Fact]
    public async Task TryAddAsync_NewKey_Admitted()
    {
        var cache = await CreateCacheAsync();

        Assert.True(await cache.TryAddAsync("jti:abc", Time.GetUtcNow().AddMinutes(5), None));
    }

    [Fact]
    public async Task TryAddAsync_ReplayedKeyBeforeExpiry_Refused()
    {
        var cache = await CreateCacheAsync();
        await cache.TryAddAsync("jti:abc", Time.GetUtcNow().AddMinutes(5), None);
        Time.Advance(TimeSpan.FromMinutes(4));

        Assert.False(await cache.TryAddAsync("jti:abc", Time.GetUtcNow().AddMinutes(5), None));
    }

    [Fact]
    public async Task TryAddAsync_KeyAfterExpiry_AdmittedAgain()
    {
        var cache = await CreateCacheAsync();
        await cache.TryAddAsync("jti:abc", Time.GetUtcNow().AddMinutes(5), None);
        Time.Advance(TimeSpan.FromMinutes(5));

        Assert.True(await cache.TryAddAsync("jti:abc", Time.GetUtcNow().AddMinutes(5), None));
        Assert.False(await cache.TryAddAsync("jti:abc", Time.GetUtcNow().AddMinutes(5), None));
    }

    [Fact]
    public async Task TryAddAsync_KeysDifferingOnlyInCase_Independent()
    {
        var cache = await CreateCacheAsync();
        await cache.TryAddAsync("jti:abc", Time.GetUtcNow().AddMinutes(5), None);

        Assert.True(await cache.TryAddAsync("jti:ABC", Time.GetUtcNow().AddMinutes(5), None));
    }

    [Fact]
    public async Task TryAddAsync_ReplayAfterRestart_Refused()
    {
        var cache = await CreateCacheAsync();
        await cache.TryAddAsync("assertion:_1", Time.GetUtcNow().AddMinutes(5), None);

        var reopened = await RestartAsync();

        Assert.False(await reopened.TryAddAsync("assertion:_1", Time.GetUtcNow().AddMinutes(5), None));
    }

    [Fact]
    public async Task TryAddAsync_ConcurrentReplayAcrossProcesses_AdmitsExactlyOne()
    {
        var first = await CreateCacheAsync();
        var second = await OpenAnotherAsync();
        var expiresAt = Time.GetUtcNow().AddMinutes(5);

        var results = await Task.WhenAll(Enumerable.Range(0, 16)
            .Select(i => Task.Run(() => (i % 2 == 0 ? first : second).TryAddAsync("jti:race", expiresAt, None))));

        Assert.Single(results, admitted => admitted);
    }
}
