namespace TokenBroker.Tests;

/// <summary>The repository checkout the test binaries were built from, found by walking up to TokenBroker.sln.</summary>
internal static class Repository
{
    /// <summary>The repository's root folder.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>A path below the repository root.</summary>
    public static string File(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        var folder = AppContext.BaseDirectory;
        while (!System.IO.File.Exists(Path.Combine(folder, "TokenBroker.sln")))
        {
            folder = Path.GetDirectoryName(folder) ?? throw new InvalidOperationException("No TokenBroker.sln above the test binaries.");
        }

        return folder;
    }
}
