namespace TokenBroker.Cli.DirectoryFiles;

/// <summary>A <c>users</c> item.</summary>
internal sealed record UserEntry(
    Located<string> Name,
    Located<string> Path,
    Located<IReadOnlyList<AccessKeyEntry>> AccessKeys,
    IReadOnlyList<MfaDeviceEntry> MfaDevices,
    Located<IReadOnlyList<Located<string>>> Groups,
    IReadOnlyList<PolicyEntry> Policies,
    IReadOnlyList<Located<string>> ManagedPolicyArns,
    Located<string>? PermissionsBoundary,
    Located<IReadOnlyList<TagEntry>> Tags);
