using TokenBroker.Core.DataPlane;

namespace TokenBroker.Core.Model;

/// <summary>
/// One immutable version of the directory, indexed for the request path. A request reads everything it needs (caller,
/// keys, groups, policies, role, providers, boundary) from one view, so it can never combine records of two versions.
/// </summary>
public sealed class DirectoryView
{
    private readonly Dictionary<AccessKeyId, AccessKey> _accessKeys = [];
    private readonly HashSet<AccountId> _accounts = [];
    private readonly HashSet<AccountId> _outboundFederation = [];
    private readonly Dictionary<(AccountId, string), IamUser> _users = [];
    private readonly Dictionary<(AccountId, string), IamGroup> _groups = [];
    private readonly Dictionary<(AccountId, string), IamRole> _roles = [];
    private readonly Dictionary<string, ManagedPolicy> _policies = new(StringComparer.Ordinal);
    private readonly Dictionary<string, MfaDevice> _mfaDevices = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SamlProvider> _samlProviders = new(StringComparer.Ordinal);
    private readonly Dictionary<(AccountId, string), OidcProvider> _oidcProviders = [];
    private readonly Dictionary<string, ServiceCatalog> _services = new(StringComparer.Ordinal);

    /// <summary>Indexes <paramref name="snapshot"/> as the version named <paramref name="version"/>.</summary>
    public DirectoryView(string version, DirectorySnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(snapshot);
        Version = version;
        Snapshot = snapshot;
        foreach (var account in snapshot.Accounts)
        {
            _accounts.Add(account.Id);
            if (account.OutboundWebIdentityFederation)
            {
                _outboundFederation.Add(account.Id);
            }

            Index(_accessKeys, account.AccessKeys, k => k.AccessKeyId);
            Index(_users, account.Users, u => (u.Account, u.UserName));
            Index(_groups, account.Groups, g => (g.Account, g.GroupName));
            Index(_roles, account.Roles, r => (r.Account, r.RoleName));
            Index(_policies, account.ManagedPolicies, p => p.Arn.ToString());
            Index(_mfaDevices, account.MfaDevices, d => d.SerialNumber);
            Index(_samlProviders, account.SamlProviders, p => p.Arn.ToString());
            Index(_oidcProviders, account.OidcProviders, p => (p.Account, p.Url));
        }

        Index(_services, snapshot.Services, s => s.Prefix);
    }

    /// <summary>The version of a store that was never written.</summary>
    public const string EmptyVersion = "empty";

    /// <summary>The empty directory a store holds before its first replace.</summary>
    public static DirectoryView Empty { get; } = new(EmptyVersion, DirectorySnapshot.Empty);

    /// <summary>The version this view shows; a new replace is a new version, never a change to this one.</summary>
    public string Version { get; }

    /// <summary>The records this view indexes.</summary>
    public DirectorySnapshot Snapshot { get; }

    /// <summary>The long-term access key with this id, or null.</summary>
    public AccessKey? FindAccessKey(AccessKeyId accessKeyId) => _accessKeys.GetValueOrDefault(accessKeyId);

    /// <summary>Whether the account exists.</summary>
    public bool AccountExists(AccountId account) => _accounts.Contains(account);

    /// <summary>Whether the account exists and has outbound web identity federation (GetWebIdentityToken) enabled.</summary>
    public bool IsOutboundWebIdentityFederationEnabled(AccountId account) => _outboundFederation.Contains(account);

    /// <summary>The user with this name in the account, or null.</summary>
    public IamUser? FindUser(AccountId account, string userName) => _users.GetValueOrDefault((account, userName));

    /// <summary>The group with this name in the account, or null.</summary>
    public IamGroup? FindGroup(AccountId account, string groupName) => _groups.GetValueOrDefault((account, groupName));

    /// <summary>The role with this name in the account (names are unique regardless of path), or null.</summary>
    public IamRole? FindRole(AccountId account, string roleName) => _roles.GetValueOrDefault((account, roleName));

    /// <summary>The customer managed policy with this exact ARN, or null.</summary>
    public ManagedPolicy? FindManagedPolicy(string policyArn) => _policies.GetValueOrDefault(policyArn);

    /// <summary>The MFA device with this serial number, or null.</summary>
    public MfaDevice? FindMfaDevice(string serialNumber) => _mfaDevices.GetValueOrDefault(serialNumber);

    /// <summary>The SAML provider with this exact ARN (arn:aws:iam::ACCOUNT:saml-provider/NAME), or null.</summary>
    public SamlProvider? FindSamlProvider(Arn providerArn)
    {
        ArgumentNullException.ThrowIfNull(providerArn);
        return _samlProviders.GetValueOrDefault(providerArn.ToString());
    }

    /// <summary>The OIDC provider of the account whose URL equals <paramref name="url"/> exactly (case-sensitive), or null.</summary>
    public OidcProvider? FindOidcProvider(AccountId account, string url) => _oidcProviders.GetValueOrDefault((account, url));

    /// <summary>The declared service with this prefix (SigV4 service names are case-sensitive), or null.</summary>
    public ServiceCatalog? FindService(string prefix) => _services.GetValueOrDefault(prefix);

    // Add, not set: a store's integrity rules keep keys unique, and a duplicate that slipped through must fail loudly
    // rather than let one record silently shadow another.
    private static void Index<TKey, TValue>(Dictionary<TKey, TValue> index, IReadOnlyList<TValue> records, Func<TValue, TKey> key)
        where TKey : notnull
    {
        foreach (var record in records)
        {
            index.Add(key(record), record);
        }
    }
}
