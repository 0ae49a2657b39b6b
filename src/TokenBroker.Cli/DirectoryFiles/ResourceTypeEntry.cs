namespace TokenBroker.Cli.DirectoryFiles;

/// <summary>A <c>resourceTypes</c> item of a service.</summary>
internal sealed record ResourceTypeEntry(Located<string> Name, Located<string> Arn);
