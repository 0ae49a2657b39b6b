using TokenBroker.Core.DataPlane;
using TokenBroker.Core.Model;

namespace TokenBroker.Cli.DirectoryFiles;

/// <summary>
/// Turns validated <c>services</c> entries into service catalogs. A proxy key written with a secret stores its hash; one
/// written without keeps the stored hash of the same id in the same service, or gets a new secret printed once.
/// </summary>
internal static class ServicePlanner
{
    /// <summary>The catalogs to write and the proxy keys generated for them.</summary>
    public static (List<ServiceCatalog> Services, List<NewProxyKey> NewKeys) Plan(IReadOnlyList<ServiceEntry> entries, DirectorySnapshot current)
    {
        var services = new List<ServiceCatalog>();
        var newKeys = new List<NewProxyKey>();
        foreach (var entry in entries)
        {
            var prefix = entry.Prefix.Value;
            var stored = current.Services.FirstOrDefault(s => s.Prefix == prefix)?.ProxyKeys ?? [];
            var keys = new List<ProxyKey>();
            foreach (var key in entry.ProxyKeys)
            {
                if (key.Secret is { } secret)
                {
                    keys.Add(ProxyKey.FromSecret(key.Id.Value, secret));
                }
                else if (stored.FirstOrDefault(k => k.Id == key.Id.Value) is { } kept)
                {
                    keys.Add(kept);
                }
                else
                {
                    var generated = ProxyKey.NewSecret();
                    keys.Add(ProxyKey.FromSecret(key.Id.Value, generated));
                    newKeys.Add(new NewProxyKey(prefix, key.Id.Value, generated));
                }
            }

            services.Add(new ServiceCatalog(
                prefix,
                AccountId.Parse(entry.Account.Value),
                entry.Actions.Select(a => new ServiceAction(
                    a.Name.Value,
                    AccessLevels.TryParse(a.AccessLevel.Value, out var level) ? level : throw new InvalidOperationException("The file was not validated."),
                    a.ResourceTypes.Select(t => t.Value).ToList(),
                    a.ConditionKeys.Select(k => k.Value).ToList())).ToList(),
                entry.ResourceTypes.Select(t => new ServiceResourceType(t.Name.Value, t.Arn.Value)).ToList(),
                entry.Routes.Select(r => new ServiceRoute(r.Method.Value, r.Path.Value, r.Action.Value, r.Resource?.Value)).ToList(),
                entry.ResourcePolicies.Select(p => new ServiceResourcePolicy(p.Resource.Value, p.Document.Value)).ToList(),
                keys));
        }

        return (services, newKeys);
    }
}
