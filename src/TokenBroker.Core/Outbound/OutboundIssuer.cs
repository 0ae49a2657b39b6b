using TokenBroker.Core.Model;

namespace TokenBroker.Core.Outbound;

/// <summary>
/// The broker's issuer URLs for outbound web identity federation: one stable issuer per account,
/// <c>{public base}/oidc/{account id}</c>, whose discovery document and JWKS the broker serves unauthenticated.
/// </summary>
public sealed class OutboundIssuer
{
    /// <summary>The path segment under the public base URL that holds every account's issuer.</summary>
    public const string PathPrefix = "/oidc/";

    private readonly string _base;

    private OutboundIssuer(string baseUrl) => _base = baseUrl;

    /// <summary>
    /// The issuer set of a public base URL: https, or http on a loopback host (tests and local use only), with no
    /// query or fragment; null with a reason when the URL cannot serve as an OpenID Connect issuer (OIDC Discovery 1.0 §3).
    /// </summary>
    public static OutboundIssuer? TryCreate(string? publicUrl, out string? reason)
    {
        reason = null;
        if (string.IsNullOrEmpty(publicUrl) || !Uri.TryCreate(publicUrl, UriKind.Absolute, out var uri))
        {
            reason = "The public URL must be an absolute URL.";
            return null;
        }

        var secure = uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback);
        if (!secure || uri.Query.Length > 0 || uri.Fragment.Length > 0 || uri.UserInfo.Length > 0)
        {
            reason = "The public URL must use https (http only on a loopback host) and have no user, query or fragment.";
            return null;
        }

        return new OutboundIssuer(uri.GetLeftPart(UriPartial.Path).TrimEnd('/'));
    }

    /// <summary>The issuer identifier (the <c>iss</c> claim) of an account.</summary>
    public string For(AccountId account) => _base + PathPrefix + account.Value;

    /// <summary>The JWKS URL of an account's issuer.</summary>
    public string JwksUri(AccountId account) => For(account) + "/.well-known/jwks.json";
}
