using TokenBroker.Core.Ports;
using TokenBroker.Core.Revocation;

namespace TokenBroker.Embedded.Tests;

/// <summary>What every <see cref="IRevocationStore"/> adapter must do; adapters derive and say how to open their store.</summary>
public abstract class RevocationStoreContractTests : IDisposable
{
    protected static readonly CancellationToken None = CancellationToken.None;

    private static readonly DateTimeOffset T0 = new(2026, 5, 6, 7, 8, 9, 123, TimeSpan.Zero);

    /// <summary>A new, empty store.</summary>
    protected abstract Task<IRevocationStore> CreateStoreAsync();

    /// <summary>Closes every instance and opens the data again, as after a restart.</summary>
    protected abstract Task<IRevocationStore> RestartAsync();

    public abstract void Dispose();

    [Fact]
    public async Task GetCutoffAsync_NoneSet_ReturnsNull()
    {
        var store = await CreateStoreAsync();

        Assert.Null(await store.GetCutoffAsync(RevocationScope.Role, "arn:aws:iam::111111111111:role/demo", None));
    }

    [Fact]
    public async Task SetCutoffAsync_New_StoresWithMillisecondPrecision()
    {
        var store = await CreateStoreAsync();

        var stored = await store.SetCutoffAsync(RevocationScope.Session, "ASIAEXAMPLE", T0, None);

        Assert.Equal(T0, stored);
        Assert.Equal(T0, await store.GetCutoffAsync(RevocationScope.Session, "ASIAEXAMPLE", None));
    }

    [Fact]
    public async Task SetCutoffAsync_Later_MovesCutoffForward()
    {
        var store = await CreateStoreAsync();
        await store.SetCutoffAsync(RevocationScope.Role, "r", T0, None);

        var stored = await store.SetCutoffAsync(RevocationScope.Role, "r", T0.AddMinutes(5), None);

        Assert.Equal(T0.AddMinutes(5), stored);
    }

    [Fact]
    public async Task SetCutoffAsync_Earlier_KeepsLaterCutoff()
    {
        var store = await CreateStoreAsync();
        await store.SetCutoffAsync(RevocationScope.Role, "r", T0, None);

        var stored = await store.SetCutoffAsync(RevocationScope.Role, "r", T0.AddMinutes(-5), None);

        Assert.Equal(T0, stored);
        Assert.Equal(T0, await store.GetCutoffAsync(RevocationScope.Role, "r", None));
    }

    [Fact]
    public async Task SetCutoffAsync_SameSubjectOtherScope_IsIndependent()
    {
        var store = await CreateStoreAsync();

        await store.SetCutoffAsync(RevocationScope.SourceIdentity, "alice", T0, None);

        Assert.Null(await store.GetCutoffAsync(RevocationScope.Principal, "alice", None));
    }

    [Fact]
    public async Task SetCutoffAsync_ConcurrentWriters_CutoffNeverMovesBackwards()
    {
        var store = await CreateStoreAsync();
        var cutoffs = Enumerable.Range(0, 40).Select(i => T0.AddSeconds((i * 7) % 40)).ToList();

        var results = await Task.WhenAll(cutoffs.Select(c => Task.Run(() => store.SetCutoffAsync(RevocationScope.Role, "race", c, None))));

        // Each writer sees at least its own cutoff, and the last word is the latest one, whatever the interleaving.
        Assert.All(cutoffs.Zip(results), pair => Assert.True(pair.Second >= pair.First));
        Assert.Equal(cutoffs.Max(), await store.GetCutoffAsync(RevocationScope.Role, "race", None));
    }

    [Fact]
    public async Task ListAsync_SeveralScopes_ReturnsEveryCutoff()
    {
        var store = await CreateStoreAsync();
        await store.SetCutoffAsync(RevocationScope.Role, "role", T0, None);
        await store.SetCutoffAsync(RevocationScope.SigningKey, "key-1", T0.AddHours(1), None);

        var listed = await store.ListAsync(None);

        Assert.Equal(2, listed.Count);
        Assert.Contains(new RevocationCutoff(RevocationScope.Role, "role", T0), listed);
        Assert.Contains(new RevocationCutoff(RevocationScope.SigningKey, "key-1", T0.AddHours(1)), listed);
    }

    [Fact]
    public async Task RestartAsync_AfterSet_StillStored()
    {
        var store = await CreateStoreAsync();
        await store.SetCutoffAsync(RevocationScope.ProviderSubject, "https://idp.example sub-1", T0, None);

        var reopened = await RestartAsync();

        Assert.Equal(T0, await reopened.GetCutoffAsync(RevocationScope.ProviderSubject, "https://idp.example sub-1", None));
    }
}
