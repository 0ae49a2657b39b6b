namespace TokenBroker.Embedded.Tests;

/// <summary>A fresh temporary data folder, deleted afterwards.</summary>
public sealed class TestFolder : IDisposable
{
    public TestFolder() => Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "tokenbroker-tests", Guid.NewGuid().ToString("N"));

    public string Path { get; }

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
