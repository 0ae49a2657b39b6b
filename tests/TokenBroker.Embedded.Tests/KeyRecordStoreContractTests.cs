using TokenBroker.Core.Ports;

namespace TokenBroker.Embedded.Tests;

/// <summary>What every <see cref="IKeyRecordStore"/> adapter must do; adapters derive and say how to open their store.</summary>
public abstract class KeyRecordStoreContractTests : IDisposable
{
    protected static readonly CancellationToken None = CancellationToken.None;

    /// <summary>A new, empty store.</summary>
    protected abstract Task<IKeyRecordStore> CreateStoreAsync();

    /// <summary>Closes every instance and opens the data again, as after a restart.</summary>
    protected abstract Task<IKeyRecordStore> RestartAsync();

    public abstract void Dispose();

    [Fact]
    public async Task GetAsync_Missing_ReturnsNull()
    {
        var store = await CreateStoreAsync();

        Assert.Null(await store.GetAsync("signing-key/1", None));
    }

    [Fact]
    public async Task GetOrCreateAsync_SecondWriter_GetsFirstValue()
    {
        var store = await CreateStoreAsync();

        var first = await store.GetOrCreateAsync("signing-key/1", [1, 2, 3], None);
        var second = await store.GetOrCreateAsync("signing-key/1", [4, 5, 6], None);

        Assert.Equal([1, 2, 3], first);
        Assert.Equal([1, 2, 3], second);
        Assert.Equal([1, 2, 3], await store.GetAsync("signing-key/1", None));
    }

    [Fact]
    public async Task GetOrCreateAsync_ConcurrentWriters_AllGetOneValue()
    {
        var store = await CreateStoreAsync();

        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => Task.Run(() => store.GetOrCreateAsync("race", [(byte)i], None))));

        Assert.Single(results.Select(r => r[0]).Distinct());
    }

    [Fact]
    public async Task RestartAsync_AfterCreate_StillStored()
    {
        var store = await CreateStoreAsync();
        await store.GetOrCreateAsync("public-key", [9, 8, 7], None);

        var reopened = await RestartAsync();

        Assert.Equal([9, 8, 7], await reopened.GetAsync("public-key", None));
    }
}
