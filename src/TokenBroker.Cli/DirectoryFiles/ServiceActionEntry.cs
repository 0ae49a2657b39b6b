namespace TokenBroker.Cli.DirectoryFiles;

/// <summary>An <c>actions</c> item of a service.</summary>
internal sealed record ServiceActionEntry(
    Located<string> Name,
    Located<string> AccessLevel,
    IReadOnlyList<Located<string>> ResourceTypes,
    IReadOnlyList<Located<string>> ConditionKeys);
