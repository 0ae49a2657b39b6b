namespace TokenBroker.Core.Model;

/// <summary>Everything one account holds; <c>OutboundWebIdentityFederation</c> lets its principals call GetWebIdentityToken.</summary>
public sealed record AccountSnapshot(
    AccountId Id,
    IReadOnlyList<IamUser> Users,
    IReadOnlyList<AccessKey> AccessKeys,
    IReadOnlyList<MfaDevice> MfaDevices,
    IReadOnlyList<IamGroup> Groups,
    IReadOnlyList<ManagedPolicy> ManagedPolicies,
    IReadOnlyList<IamRole> Roles,
    IReadOnlyList<SamlProvider> SamlProviders,
    IReadOnlyList<OidcProvider> OidcProviders,
    bool OutboundWebIdentityFederation = false)
{
    /// <summary>True when every record names this account; a store refuses a snapshot where one names another.</summary>
    public bool OwnsAllRecords =>
        Users.Select(u => u.Account)
            .Concat(AccessKeys.Select(k => k.Account))
            .Concat(MfaDevices.Select(d => d.Account))
            .Concat(Groups.Select(g => g.Account))
            .Concat(ManagedPolicies.Select(p => p.Account))
            .Concat(Roles.Select(r => r.Account))
            .Concat(SamlProviders.Select(p => p.Account))
            .Concat(OidcProviders.Select(p => p.Account))
            .All(owner => owner == Id);
}
