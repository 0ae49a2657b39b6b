namespace TokenBroker.Cli.DirectoryFiles;

/// <summary>
/// An <c>accounts</c> item. <see cref="OutboundWebIdentityFederation"/> is null when the file does not name the field:
/// the switch is then whatever the directory holds (the IAM API may have set it), so only a file that names it decides.
/// </summary>
internal sealed record AccountEntry(
    Located<string> Id,
    IReadOnlyList<UserEntry> Users,
    IReadOnlyList<GroupEntry> Groups,
    IReadOnlyList<ManagedPolicyEntry> ManagedPolicies,
    IReadOnlyList<RoleEntry> Roles,
    IReadOnlyList<SamlProviderEntry> SamlProviders,
    IReadOnlyList<OidcProviderEntry> OidcProviders,
    Located<bool>? OutboundWebIdentityFederation);
