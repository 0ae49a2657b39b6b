using TokenBroker.Embedded;

namespace TokenBroker.Host.Tests.EndToEnd;

/// <summary>The raw bytes of a broker's SQLite store, for tests that prove a secret or token is not in it.</summary>
internal static class DatabaseFiles
{
    /// <summary>The database file and its WAL together: fresh commits sit in the WAL until a checkpoint.</summary>
    public static byte[][] Read(string dataFolder) =>
        [.. new[] { EmbeddedStore.DatabaseFileName, EmbeddedStore.DatabaseFileName + "-wal" }
            .Select(name => Path.Combine(dataFolder, name))
            .Where(File.Exists)
            .Select(path =>
            {
                using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                using var copy = new MemoryStream();
                stream.CopyTo(copy);
                return copy.ToArray();
            })];

    /// <summary>Whether any of the files contains the bytes.</summary>
    public static bool Hold(byte[][] files, byte[] needle) => files.Any(file => file.AsSpan().IndexOf(needle) >= 0);
}
