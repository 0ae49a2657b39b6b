namespace TokenBroker.Cli.DirectoryFiles;

/// <summary>One <c>key: value</c> pair of a <c>tags</c> mapping.</summary>
internal sealed record TagEntry(int Line, string Key, string Value);
