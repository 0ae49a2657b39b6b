using System.Collections.Concurrent;

namespace TokenBroker.Core.Authentication.WebIdentity;

/// <summary>
/// HTTP clients for identity provider endpoints, one per distinct thumbprint list, so a thumbprint registered for one
/// provider never vouches for a connection made on behalf of another (connections are pooled per handler).
/// </summary>
public sealed class OidcHttpClients : IDisposable
{
    private readonly Func<IReadOnlyList<string>, HttpMessageHandler> _handlerFor;
    private readonly TimeSpan _timeout;
    private readonly ConcurrentDictionary<string, HttpClient> _clients = new(StringComparer.Ordinal);

    /// <summary>Clients over handlers made by <paramref name="handlerFor"/>, given the provider's thumbprints.</summary>
    public OidcHttpClients(Func<IReadOnlyList<string>, HttpMessageHandler> handlerFor, TimeSpan timeout)
    {
        _handlerFor = handlerFor;
        _timeout = timeout;
    }

    /// <summary>The production clients: real sockets with <see cref="OidcTlsPolicy"/>.</summary>
    public static OidcHttpClients Create(OidcTlsSettings tls, WebIdentitySettings settings) =>
        new(thumbprints => OidcTlsPolicy.CreateHandler(tls, thumbprints, settings.FetchTimeout), settings.FetchTimeout);

    /// <summary>The client whose TLS trust is the CA policy plus exactly these thumbprints.</summary>
    internal HttpClient For(IReadOnlyList<string> thumbprints)
    {
        var key = string.Join(',', thumbprints.Order(StringComparer.Ordinal));
        return _clients.GetOrAdd(key, _ => new HttpClient(_handlerFor(thumbprints), disposeHandler: true) { Timeout = _timeout });
    }

    /// <summary>Disposes the HTTP clients and their handlers.</summary>
    public void Dispose()
    {
        foreach (var client in _clients.Values)
        {
            client.Dispose();
        }

        _clients.Clear();
    }
}
