namespace TokenBroker.Cli.DirectoryFiles;

/// <summary>A value read from the directory file, with the line it came from for error messages.</summary>
internal readonly record struct Located<T>(T Value, int Line);
