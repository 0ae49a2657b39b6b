using Microsoft.Extensions.Time.Testing;
using TokenBroker.Core.Model;
using TokenBroker.Core.Ports;

namespace TokenBroker.Embedded.Tests;

public sealed class DirectoryVersionsTests : IAsyncLifetime, IDisposable
{
    private readonly TestFolder _folder = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 29, 0, 0, 0, TimeSpan.Zero));
    private EmbeddedStore _store = null!;
    private EmbeddedStore _otherWriter = null!;
    private DirectoryVersions _versions = null!;

    public async Task InitializeAsync()
    {
        _store = await StoreFixture.CreateWithSampleAsync(_folder);
        _otherWriter = await StoreFixture.OpenAsync(_folder);
        _versions = new DirectoryVersions(_store.Directory, _time, TimeSpan.FromSeconds(1));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        _store.Dispose();
        _otherWriter.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public async Task CurrentAsync_ChangedByAnotherWriter_IsSeenOnlyAfterTheTtl()
    {
        var before = await _versions.CurrentAsync(CancellationToken.None);
        await _otherWriter.Directory.ReplaceAsync(DirectorySnapshot.Empty, CancellationToken.None);

        var withinTtl = await _versions.CurrentAsync(CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(1));
        var afterTtl = await _versions.CurrentAsync(CancellationToken.None);

        Assert.NotNull(before.FindRole(SampleDirectory.Second, "deploy"));
        Assert.Same(before, withinTtl);
        Assert.Null(afterTtl.FindRole(SampleDirectory.Second, "deploy"));
    }

    [Fact]
    public async Task CurrentAsync_VersionUnchangedAfterTheTtl_KeepsTheSameView()
    {
        var first = await _versions.CurrentAsync(CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(5));

        Assert.Same(first, await _versions.CurrentAsync(CancellationToken.None));
    }

    [Fact]
    public async Task CurrentAsync_ZeroTtl_SeesEveryReplaceAtOnce()
    {
        var versions = new DirectoryVersions(_store.Directory, _time, TimeSpan.Zero);
        Assert.NotNull((await versions.CurrentAsync(CancellationToken.None)).FindUser(SampleDirectory.First, "alice"));

        await _otherWriter.Directory.ReplaceAsync(DirectorySnapshot.Empty, CancellationToken.None);

        Assert.Null((await versions.CurrentAsync(CancellationToken.None)).FindUser(SampleDirectory.First, "alice"));
    }

    [Fact]
    public async Task CurrentAsync_ViewHeldAcrossAReplace_NeverChanges()
    {
        var held = await _versions.CurrentAsync(CancellationToken.None);
        await _otherWriter.Directory.ReplaceAsync(DirectorySnapshot.Empty, CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(1));

        var next = await _versions.CurrentAsync(CancellationToken.None);

        Assert.NotEqual(held.Version, next.Version);
        Assert.NotNull(held.FindUser(SampleDirectory.First, "alice"));
        Assert.NotNull(held.FindAccessKey(SampleDirectory.AliceKey));
        Assert.Null(next.FindAccessKey(SampleDirectory.AliceKey));
    }

    [Fact]
    public async Task CurrentAsync_UnknownKey_AbsentInTheView()
    {
        var view = await _versions.CurrentAsync(CancellationToken.None);

        Assert.Null(view.FindAccessKey(AccessKeyId.Parse("AKIAUNKNOWN000000001")));
    }
}
