namespace TokenBroker.Embedded.Tests;

/// <summary>Embedded stores over one temporary data folder, closed together for a simulated restart.</summary>
public sealed class SqliteStores : IDisposable
{
    private readonly TestFolder _folder = new();
    private readonly List<EmbeddedStore> _open = [];

    /// <summary>The data folder every store here opens.</summary>
    public string Folder => _folder.Path;

    public async Task<EmbeddedStore> CreateAsync() => Track(await EmbeddedStore.CreateAsync(_folder.Path, CancellationToken.None));

    public async Task<EmbeddedStore> OpenAsync() => Track(await EmbeddedStore.OpenAsync(_folder.Path, CancellationToken.None));

    public Task<EmbeddedStore> RestartAsync()
    {
        CloseAll();
        return OpenAsync();
    }

    public void Dispose()
    {
        CloseAll();
        _folder.Dispose();
    }

    private EmbeddedStore Track(EmbeddedStore store)
    {
        _open.Add(store);
        return store;
    }

    private void CloseAll()
    {
        foreach (var store in _open)
        {
            store.Dispose();
        }

        _open.Clear();
    }
}
