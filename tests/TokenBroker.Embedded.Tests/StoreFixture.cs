namespace TokenBroker.Embedded.Tests;

/// <summary>Helpers to create and reopen a data folder as the Host and CLI do.</summary>
public static class StoreFixture
{
    public static Task<EmbeddedStore> CreateAsync(TestFolder folder) => EmbeddedStore.CreateAsync(folder.Path, CancellationToken.None);

    public static Task<EmbeddedStore> OpenAsync(TestFolder folder) => EmbeddedStore.OpenAsync(folder.Path, CancellationToken.None);

    public static async Task<EmbeddedStore> CreateWithSampleAsync(TestFolder folder)
    {
        var store = await CreateAsync(folder);
        await store.Directory.ReplaceAsync(SampleDirectory.Create(), CancellationToken.None);
        return store;
    }
}
