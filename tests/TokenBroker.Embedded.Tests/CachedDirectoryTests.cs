using Microsoft.Extensions.Time.Testing;
using TokenBroker.Core.Model;
using TokenBroker.Core.Ports;

namespace TokenBroker.Embedded.Tests;

public sealed class CachedDirectoryTests : IAsyncLifetime, IDisposable
{
    private readonly TestFolder _folder = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 29, 0, 0, 0, TimeSpan.Zero));
    private EmbeddedStore _store = null!;
    private EmbeddedStore _otherWriter = null!;
    private CachedDirectory _cached = null!;

    public async Task InitializeAsync()
    {
        _store = await StoreFixture.CreateWithSampleAsync(_folder);
        _otherWriter = await StoreFixture.OpenAsync(_folder);
        _cached = new CachedDirectory(_store.Directory, _time, TimeSpan.FromSeconds(1));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        _store.Dispose();
        _otherWriter.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public async Task FindRole_ChangedByAnotherWriter_IsSeenOnlyAfterTheTtl()
    {
        var before = await _cached.FindRoleAsync(SampleDirectory.Second, "deploy", CancellationToken.None);
        await _otherWriter.Directory.ReplaceAsync(DirectorySnapshot.Empty, CancellationToken.None);

        var withinTtl = await _cached.FindRoleAsync(SampleDirectory.Second, "deploy", CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(1));
        var afterTtl = await _cached.FindRoleAsync(SampleDirectory.Second, "deploy", CancellationToken.None);

        Assert.NotNull(before);
        Assert.Equal(before, withinTtl);
        Assert.Null(afterTtl);
    }

    [Fact]
    public async Task FindAccessKey_UnknownKey_IsCachedAsAbsentUntilTheTtl()
    {
        var unknown = AccessKeyId.Parse("AKIAUNKNOWN000000001");

        Assert.Null(await _cached.FindAccessKeyAsync(unknown, CancellationToken.None));
        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.Null(await _cached.FindAccessKeyAsync(unknown, CancellationToken.None));
    }

    [Fact]
    public async Task ReplaceThroughTheCache_IsSeenAtOnce()
    {
        Assert.NotNull(await _cached.FindUserAsync(SampleDirectory.First, "alice", CancellationToken.None));

        await _cached.ReplaceAsync(DirectorySnapshot.Empty, CancellationToken.None);

        Assert.Null(await _cached.FindUserAsync(SampleDirectory.First, "alice", CancellationToken.None));
    }

    [Fact]
    public async Task RecordAccessKeyUse_UpdatesTheCachedCopyAndTheStore()
    {
        var usedAt = new DateTimeOffset(2026, 11, 29, 1, 0, 0, TimeSpan.Zero);
        Assert.Equal(SampleDirectory.Created.AddDays(1), (await _cached.FindAccessKeyAsync(SampleDirectory.AliceKey, CancellationToken.None))!.LastUsedAt);

        await _cached.RecordAccessKeyUseAsync(SampleDirectory.AliceKey, usedAt, CancellationToken.None);

        Assert.Equal(usedAt, (await _cached.FindAccessKeyAsync(SampleDirectory.AliceKey, CancellationToken.None))!.LastUsedAt);
        Assert.Equal(usedAt, (await _otherWriter.Directory.FindAccessKeyAsync(SampleDirectory.AliceKey, CancellationToken.None))!.LastUsedAt);
    }
}
