using TokenBroker.Core.DataPlane;
using TokenBroker.Core.Model;

namespace TokenBroker.Host.DataPlane;

/// <summary>Finds the service whose proxy key a proxy presented as <c>X-TokenBroker-Proxy-Key: ID:SECRET</c>.</summary>
internal static class ProxyKeys
{
    /// <summary>The header proxies send their key in.</summary>
    public const string Header = "X-TokenBroker-Proxy-Key";

    /// <summary>The service of a valid key, or null (unknown id, malformed value or wrong secret alike).</summary>
    public static ServiceCatalog? Find(DirectoryView directory, string value)
    {
        var colon = value.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            return null;
        }

        var id = value[..colon];
        var secret = value[(colon + 1)..].Trim();
        foreach (var service in directory.Snapshot.Services)
        {
            if (service.ProxyKeys.FirstOrDefault(k => string.Equals(k.Id, id, StringComparison.Ordinal)) is { } key)
            {
                return key.Matches(secret) ? service : null;
            }
        }

        return null;
    }
}
