using System.Net;
using TokenBroker.Core.Authentication.WebIdentity;

namespace TokenBroker.Core.Model;

/// <summary>
/// An IAM OpenID Connect provider: the issuer URL a web identity token's <c>iss</c> must equal exactly, the client IDs
/// (audiences) it may carry and the legacy TLS thumbprints (IAM CreateOpenIDConnectProvider; reference/sts.md b.6).
/// </summary>
public sealed record OidcProvider
{
    /// <summary>IAM allows up to 100 client IDs per provider.</summary>
    public const int MaxClientIds = 100;

    /// <summary>IAM allows up to 5 thumbprints per provider.</summary>
    public const int MaxThumbprints = 5;

    private OidcProvider(AccountId account, string url, IReadOnlyList<string> clientIds,
        IReadOnlyList<string> thumbprints, IReadOnlySet<string>? allowedAlgorithms, bool allowHttpLoopback)
    {
        Account = account;
        Url = url;
        ClientIds = clientIds;
        Thumbprints = thumbprints;
        AllowedAlgorithms = allowedAlgorithms;
        AllowHttpLoopback = allowHttpLoopback;
    }

    /// <summary>The account that owns the provider.</summary>
    public AccountId Account { get; }

    /// <summary>The issuer URL, case-sensitive, compared ordinally with the token's <c>iss</c>.</summary>
    public string Url { get; }

    /// <summary>The audiences (client IDs) a token may be issued to.</summary>
    public IReadOnlyList<string> ClientIds { get; }

    /// <summary>Lower-case hex SHA-1 thumbprints of the top intermediate CA, used only when no trusted CA vouches for the host.</summary>
    public IReadOnlyList<string> Thumbprints { get; }

    /// <summary>A per-provider JWS algorithm allow-list replacing the default RS256/384/512 and ES256/384/512, or null.</summary>
    public IReadOnlySet<string>? AllowedAlgorithms { get; }

    /// <summary>Development only: a loopback http:// issuer may be used when the broker also allows it.</summary>
    public bool AllowHttpLoopback { get; }

    /// <summary>The issuer without its scheme, as IAM writes it in ARNs and condition keys (for example token.actions.githubusercontent.com).</summary>
    public string HostPath => Url[(Url.IndexOf("://", StringComparison.Ordinal) + 3)..];

    /// <summary>arn:aws:iam::ACCOUNT:oidc-provider/HOST/PATH.</summary>
    public Arn Arn => new("aws", "iam", "", Account.Value, "oidc-provider/" + HostPath);

    /// <summary>Checks a provider definition as IAM does and returns it, or the reason it is refused.</summary>
    public static bool TryCreate(AccountId account, string url, IReadOnlyList<string> clientIds,
        IReadOnlyList<string>? thumbprints, out OidcProvider? provider, out string? error,
        IReadOnlySet<string>? allowedAlgorithms = null, bool allowHttpLoopback = false)
    {
        provider = null;
        thumbprints ??= [];
        error = CheckUrl(url, allowHttpLoopback) ?? CheckClientIds(clientIds) ?? CheckThumbprints(thumbprints)
            ?? CheckAlgorithms(allowedAlgorithms);
        if (error is not null)
        {
            return false;
        }

        var normalizedThumbprints = thumbprints.Select(t => t.ToLowerInvariant()).ToArray();
        provider = new OidcProvider(account, url, clientIds.ToArray(), normalizedThumbprints,
            allowedAlgorithms is null ? null : new HashSet<string>(allowedAlgorithms, StringComparer.Ordinal),
            allowHttpLoopback);
        return true;
    }

    /// <summary>Creates a provider from trusted configuration or throws.</summary>
    public static OidcProvider Create(AccountId account, string url, IReadOnlyList<string> clientIds,
        IReadOnlyList<string>? thumbprints = null, IReadOnlySet<string>? allowedAlgorithms = null,
        bool allowHttpLoopback = false) =>
        TryCreate(account, url, clientIds, thumbprints, out var provider, out var error, allowedAlgorithms, allowHttpLoopback)
            ? provider!
            : throw new ArgumentException(error, nameof(url));

    private static string? CheckUrl(string url, bool allowHttpLoopback)
    {
        // IAM: "The URL must begin with https:// ... path components are allowed but query parameters are not."
        if (url.Length is 0 or > 255 || !Uri.TryCreate(url, UriKind.Absolute, out var uri)
            || uri.Query.Length > 0 || uri.Fragment.Length > 0 || uri.UserInfo.Length > 0)
        {
            return "The OIDC provider URL must be an absolute https URL without query, fragment or user info.";
        }

        if (url.StartsWith("https://", StringComparison.Ordinal))
        {
            return null;
        }

        return allowHttpLoopback && url.StartsWith("http://", StringComparison.Ordinal) && IsLoopback(uri)
            ? null
            : "The OIDC provider URL must begin with https:// (http:// only for a loopback development provider).";
    }

    private static string? CheckClientIds(IReadOnlyList<string> clientIds)
    {
        if (clientIds.Count > MaxClientIds)
        {
            return $"An OIDC provider has at most {MaxClientIds} client IDs.";
        }

        return clientIds.Any(c => c.Length is 0 or > 255) || clientIds.Distinct(StringComparer.Ordinal).Count() != clientIds.Count
            ? "OIDC provider client IDs are 1 to 255 characters and unique."
            : null;
    }

    private static string? CheckThumbprints(IReadOnlyList<string> thumbprints)
    {
        if (thumbprints.Count > MaxThumbprints)
        {
            return $"An OIDC provider has at most {MaxThumbprints} thumbprints.";
        }

        // IAM: "the hex-encoded SHA-1 hash value of the X.509 certificate ... always a 40-character string."
        return thumbprints.All(t => t.Length == 40 && t.All(char.IsAsciiHexDigit))
            ? null
            : "An OIDC provider thumbprint is 40 hexadecimal characters.";
    }

    private static string? CheckAlgorithms(IReadOnlySet<string>? allowedAlgorithms) =>
        allowedAlgorithms is null || (allowedAlgorithms.Count > 0 && allowedAlgorithms.All(a => JwsAlgorithm.Find(a) is not null))
            ? null
            : "An OIDC provider algorithm allow-list names RS256/384/512, PS256/384/512 or ES256/384/512 only.";

    /// <summary>True for 127.0.0.0/8, ::1 and localhost.</summary>
    internal static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.IdnHost, out var address) && IPAddress.IsLoopback(address));
}
