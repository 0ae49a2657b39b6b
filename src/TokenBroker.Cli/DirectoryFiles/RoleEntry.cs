namespace TokenBroker.Cli.DirectoryFiles;

/// <summary>A <c>roles</c> item; policy documents are JSON text.</summary>
internal sealed record RoleEntry(
    Located<string> Name,
    Located<string> Path,
    Located<int> MaxSessionDuration,
    Located<string> TrustPolicy,
    IReadOnlyList<PolicyEntry> Policies,
    IReadOnlyList<Located<string>> ManagedPolicyArns,
    Located<string>? PermissionsBoundary,
    Located<IReadOnlyList<TagEntry>> Tags);
