namespace TokenBroker.Cli.DirectoryFiles;

/// <summary>An inline policy item (<c>policies</c>); the document is JSON text.</summary>
internal sealed record PolicyEntry(Located<string> Name, Located<string> Document);
