using System.Collections.Concurrent;
using System.Text.Json;
using TokenBroker.Core.Errors;
using TokenBroker.Core.Model;

namespace TokenBroker.Core.Authentication.WebIdentity;

/// <summary>
/// Finds a provider's verification keys: discovery (<c>/.well-known/openid-configuration</c>) then <c>jwks_uri</c>,
/// cached per provider with stale-while-revalidate and a rate-limited refresh when a token names an unknown kid.
/// A fetch failure is IDPCommunicationError; nothing is ever accepted without a key from the provider itself.
/// </summary>
public sealed class OidcKeySource
{
    private readonly OidcHttpClients _clients;
    private readonly WebIdentitySettings _settings;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, ProviderKeyCache> _caches = new(StringComparer.Ordinal);
    private long _fetchCount;

    /// <summary>A key source over these clients, with these limits and this clock.</summary>
    public OidcKeySource(OidcHttpClients clients, WebIdentitySettings settings, TimeProvider time)
    {
        _clients = clients;
        _settings = settings;
        _time = time;
    }

    /// <summary>How many discovery-plus-JWKS fetches have started (an observability and test hook).</summary>
    public long FetchCount => Interlocked.Read(ref _fetchCount);

    /// <summary>The key for this token header, or the error explaining why there is none.</summary>
    internal async Task<StsResult<VerificationKey>> FindKeyAsync(OidcProvider provider, string? kid, JwsAlgorithm algorithm,
        CancellationToken cancellationToken)
    {
        var cache = _caches.GetOrAdd(provider.Arn.ToString(), _ => new ProviderKeyCache());
        var (keys, fetchedNow) = await CurrentKeysAsync(provider, cache, cancellationToken);
        if (!keys.IsSuccess)
        {
            return keys.Error;
        }

        if (keys.Value.Find(kid, algorithm) is { } key)
        {
            return key;
        }

        // Unknown kid: the provider may have rotated. Refresh at most once per interval per provider (and not right
        // after a fetch), so tokens with made-up kids cannot turn the broker into a request amplifier.
        if (fetchedNow || !TryClaimUnknownKidRefresh(cache))
        {
            return StsErrors.InvalidIdentityToken(WebIdentityMessages.KeyUnavailable);
        }

        var refreshed = await RefreshAsync(provider, cache, cancellationToken);
        if (!refreshed.IsSuccess)
        {
            return refreshed.Error;
        }

        return refreshed.Value.Find(kid, algorithm) is { } rotated
            ? rotated
            : StsErrors.InvalidIdentityToken(WebIdentityMessages.KeyUnavailable);
    }

    /// <summary>The cached set when fresh or stale-but-usable, else a fetch; fetchedNow tells the caller it waited for one.</summary>
    private async Task<(StsResult<JsonWebKeySet> Keys, bool FetchedNow)> CurrentKeysAsync(OidcProvider provider, ProviderKeyCache cache,
        CancellationToken cancellationToken)
    {
        JsonWebKeySet? keys;
        TimeSpan age;
        lock (cache.Gate)
        {
            keys = cache.Keys;
            age = _time.GetUtcNow() - cache.FetchedAt;
        }

        if (keys is not null && age < _settings.KeysFreshFor)
        {
            return (keys, false);
        }

        if (keys is not null && age < _settings.KeysFreshFor + _settings.KeysStaleFor)
        {
            // Stale while revalidate: answer now from the last good set; the shared refresh replaces it when it lands.
            _ = RefreshAsync(provider, cache, CancellationToken.None);
            return (keys, false);
        }

        return (await RefreshAsync(provider, cache, cancellationToken), true);
    }

    private bool TryClaimUnknownKidRefresh(ProviderKeyCache cache)
    {
        var now = _time.GetUtcNow();
        lock (cache.Gate)
        {
            if (cache.LastUnknownKidRefresh is { } last && now - last < _settings.UnknownKidRefreshInterval)
            {
                return false;
            }

            cache.LastUnknownKidRefresh = now;
            return true;
        }
    }

    /// <summary>Joins the refresh in flight or starts one; the caller's cancellation only stops its own wait.</summary>
    private Task<StsResult<JsonWebKeySet>> RefreshAsync(OidcProvider provider, ProviderKeyCache cache, CancellationToken cancellationToken)
    {
        Task<StsResult<JsonWebKeySet>> refresh;
        lock (cache.Gate)
        {
            refresh = cache.InFlight ??= FetchAndStoreAsync(provider, cache);
        }

        return refresh.WaitAsync(cancellationToken);
    }

    private async Task<StsResult<JsonWebKeySet>> FetchAndStoreAsync(OidcProvider provider, ProviderKeyCache cache)
    {
        // Never complete synchronously: this starts under the cache lock, and InFlight must not be left holding a finished task.
        await Task.Yield();
        Interlocked.Increment(ref _fetchCount);
        StsResult<JsonWebKeySet> result;
        try
        {
            result = await FetchAsync(provider);
        }
        finally
        {
            lock (cache.Gate)
            {
                cache.InFlight = null;
            }
        }

        if (result.IsSuccess)
        {
            lock (cache.Gate)
            {
                // A removed key is gone as soon as the new set lands: no "last known good" merging.
                cache.Keys = result.Value;
                cache.FetchedAt = _time.GetUtcNow();
            }
        }

        return result;
    }

    private async Task<StsResult<JsonWebKeySet>> FetchAsync(OidcProvider provider)
    {
        var client = _clients.For(provider.Thumbprints);
        var discoveryUri = DiscoveryUri(provider);
        if (discoveryUri is null)
        {
            return StsErrors.InvalidIdentityToken(WebIdentityMessages.KeyUnavailable);
        }

        var discovery = await OidcDocumentReader.GetAsync(client, discoveryUri, _settings.MaxDocumentBytes, _settings.FetchTimeout, _time,
            CancellationToken.None);
        if (!discovery.IsSuccess)
        {
            return discovery.Error;
        }

        Uri? jwksUri;
        using (var document = discovery.Value)
        {
            jwksUri = JwksUri(provider, document.RootElement);
        }

        if (jwksUri is null)
        {
            return StsErrors.InvalidIdentityToken(WebIdentityMessages.KeyUnavailable);
        }

        var jwks = await OidcDocumentReader.GetAsync(client, jwksUri, _settings.MaxDocumentBytes, _settings.FetchTimeout, _time,
            CancellationToken.None);
        if (!jwks.IsSuccess)
        {
            return jwks.Error;
        }

        using var jwksDocument = jwks.Value;
        return JsonWebKeySet.Read(jwksDocument.RootElement, _settings.MaxKeys, _settings.MinRsaKeyBits) is { } set
            ? set
            : StsErrors.InvalidIdentityToken(WebIdentityMessages.KeyUnavailable);
    }

    /// <summary>OIDC Discovery §4: the issuer with any trailing slash removed, then /.well-known/openid-configuration.</summary>
    private Uri? DiscoveryUri(OidcProvider provider)
    {
        var uri = new Uri(provider.Url.TrimEnd('/') + "/.well-known/openid-configuration", UriKind.Absolute);
        return IsAllowedEndpoint(provider, uri) ? uri : null;
    }

    /// <summary>
    /// The discovery document must name the same issuer (OIDC Discovery §4.3) and an https jwks_uri. The JWKS may be on
    /// another host (Google's is): AWS then checks that host's certificate too (verify-thumbprint.md).
    /// </summary>
    private Uri? JwksUri(OidcProvider provider, JsonElement discovery)
    {
        if (discovery.ValueKind != JsonValueKind.Object
            || !discovery.TryGetProperty("issuer", out var issuer) || issuer.ValueKind != JsonValueKind.String
            || !string.Equals(issuer.GetString(), provider.Url, StringComparison.Ordinal)
            || !discovery.TryGetProperty("jwks_uri", out var jwks) || jwks.ValueKind != JsonValueKind.String
            || !Uri.TryCreate(jwks.GetString(), UriKind.Absolute, out var uri))
        {
            return null;
        }

        return IsAllowedEndpoint(provider, uri) && uri.UserInfo.Length == 0 && uri.Fragment.Length == 0 ? uri : null;
    }

    private bool IsAllowedEndpoint(OidcProvider provider, Uri uri) =>
        uri.Scheme == Uri.UriSchemeHttps
        || (uri.Scheme == Uri.UriSchemeHttp && _settings.AllowHttpLoopbackProviders && provider.AllowHttpLoopback
            && OidcProvider.IsLoopback(uri));
}
