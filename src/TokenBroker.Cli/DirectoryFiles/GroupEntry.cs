namespace TokenBroker.Cli.DirectoryFiles;

/// <summary>A <c>groups</c> item of an account.</summary>
internal sealed record GroupEntry(
    Located<string> Name,
    Located<string> Path,
    IReadOnlyList<PolicyEntry> Policies,
    IReadOnlyList<Located<string>> ManagedPolicyArns);
