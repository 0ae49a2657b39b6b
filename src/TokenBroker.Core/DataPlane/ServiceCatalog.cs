using TokenBroker.Core.Model;

namespace TokenBroker.Core.DataPlane;

/// <summary>A service declared in the directory: its prefix, owning account, actions, resource types, routes, resource policies and proxy keys.</summary>
/// <param name="Prefix">The SigV4 service name and action prefix, for example orders.</param>
/// <param name="Account">The account that owns the service's resources.</param>
/// <param name="Actions">The declared actions.</param>
/// <param name="ResourceTypes">The declared resource types.</param>
/// <param name="Routes">Request-to-action routes for forward auth and the Lambda authorizer.</param>
/// <param name="ResourcePolicies">Resource-based policies by ARN pattern.</param>
/// <param name="ProxyKeys">Keys that proxies present to ask for decisions about this service (secrets stored hashed).</param>
public sealed record ServiceCatalog(
    string Prefix,
    AccountId Account,
    IReadOnlyList<ServiceAction> Actions,
    IReadOnlyList<ServiceResourceType> ResourceTypes,
    IReadOnlyList<ServiceRoute> Routes,
    IReadOnlyList<ServiceResourcePolicy> ResourcePolicies,
    IReadOnlyList<ProxyKey> ProxyKeys)
{
    /// <summary>The declared action with this name (action names compare case-insensitively, as in policies), or null.</summary>
    public ServiceAction? FindAction(string name) =>
        Actions.FirstOrDefault(a => string.Equals(a.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The declared resource type with this name, or null.</summary>
    public ServiceResourceType? FindResourceType(string name) =>
        ResourceTypes.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.Ordinal));
}
