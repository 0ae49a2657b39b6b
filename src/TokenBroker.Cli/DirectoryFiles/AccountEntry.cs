namespace TokenBroker.Cli.DirectoryFiles;

/// <summary>An <c>accounts</c> item.</summary>
internal sealed record AccountEntry(
    Located<string> Id,
    IReadOnlyList<UserEntry> Users,
    IReadOnlyList<GroupEntry> Groups,
    IReadOnlyList<ManagedPolicyEntry> ManagedPolicies,
    IReadOnlyList<RoleEntry> Roles,
    IReadOnlyList<SamlProviderEntry> SamlProviders,
    IReadOnlyList<OidcProviderEntry> OidcProviders,
    Located<bool> OutboundWebIdentityFederation);
