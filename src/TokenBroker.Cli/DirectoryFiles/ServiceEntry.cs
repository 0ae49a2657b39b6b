namespace TokenBroker.Cli.DirectoryFiles;

/// <summary>A <c>services</c> item: a service catalog of the data plane (docs/authorize.md).</summary>
internal sealed record ServiceEntry(
    int Line,
    Located<string> Prefix,
    Located<string> Account,
    IReadOnlyList<ServiceActionEntry> Actions,
    IReadOnlyList<ResourceTypeEntry> ResourceTypes,
    IReadOnlyList<RouteEntry> Routes,
    IReadOnlyList<ResourcePolicyEntry> ResourcePolicies,
    IReadOnlyList<ProxyKeyEntry> ProxyKeys);
