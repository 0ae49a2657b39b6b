namespace TokenBroker.Core.Model;

/// <summary>Everything one account holds.</summary>
public sealed record AccountSnapshot(
    AccountId Id,
    IReadOnlyList<IamUser> Users,
    IReadOnlyList<AccessKey> AccessKeys,
    IReadOnlyList<MfaDevice> MfaDevices,
    IReadOnlyList<IamGroup> Groups,
    IReadOnlyList<ManagedPolicy> ManagedPolicies,
    IReadOnlyList<IamRole> Roles,
    IReadOnlyList<SamlProvider> SamlProviders,
    IReadOnlyList<OidcProvider> OidcProviders);
