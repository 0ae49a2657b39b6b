namespace TokenBroker.Cli.DirectoryFiles;

/// <summary>A <c>resourcePolicies</c> item of a service.</summary>
internal sealed record ResourcePolicyEntry(Located<string> Resource, Located<string> Document);
