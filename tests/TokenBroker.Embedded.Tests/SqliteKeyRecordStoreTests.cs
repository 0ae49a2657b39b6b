namespace TokenBroker.Embedded.Tests;

public sealed class SqliteKeyRecordStoreTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly TestFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task GetAsync_Missing_ReturnsNull()
    {
        using var store = await StoreFixture.CreateAsync(_folder);

        Assert.Null(await store.KeyRecords.GetAsync("signing-key/1", None));
    }

    [Fact]
    public async Task GetOrCreateAsync_SecondWriter_GetsFirstValue()
    {
        using var store = await StoreFixture.CreateAsync(_folder);

        var first = await store.KeyRecords.GetOrCreateAsync("signing-key/1", [1, 2, 3], None);
        var second = await store.KeyRecords.GetOrCreateAsync("signing-key/1", [4, 5, 6], None);

        Assert.Equal([1, 2, 3], first);
        Assert.Equal([1, 2, 3], second);
        Assert.Equal([1, 2, 3], await store.KeyRecords.GetAsync("signing-key/1", None));
    }

    [Fact]
    public async Task GetOrCreateAsync_AfterRestart_StillStored()
    {
        using (var store = await StoreFixture.CreateAsync(_folder))
        {
            await store.KeyRecords.GetOrCreateAsync("public-key", [9, 8, 7], None);
        }

        using var reopened = await StoreFixture.OpenAsync(_folder);

        Assert.Equal([9, 8, 7], await reopened.KeyRecords.GetAsync("public-key", None));
    }
}
