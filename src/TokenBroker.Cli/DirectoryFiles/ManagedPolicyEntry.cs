namespace TokenBroker.Cli.DirectoryFiles;

/// <summary>A <c>managedPolicies</c> item; the document is JSON text.</summary>
internal sealed record ManagedPolicyEntry(Located<string> Name, Located<string> Path, Located<string> Document);
