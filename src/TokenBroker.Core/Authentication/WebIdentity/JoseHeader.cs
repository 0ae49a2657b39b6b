using System.Text.Json;

namespace TokenBroker.Core.Authentication.WebIdentity;

/// <summary>
/// The JOSE header members that matter for trust. <c>jku</c>, <c>x5u</c>, <c>jwk</c>, <c>x5c</c> and <c>x5t</c> are
/// never read: keys come only from the provider's JWKS (RFC 8725 §3.10).
/// </summary>
internal sealed record JoseHeader(JwsAlgorithm Algorithm, string? Kid)
{
    /// <summary>Token types that are JWTs of another protocol and must not pass for an ID token (RFC 8725 §3.11, §3.12).</summary>
    private static readonly HashSet<string> ForeignTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        "logout+jwt", "application/logout+jwt", "secevent+jwt", "application/secevent+jwt",
    };

    /// <summary>Reads the header, or returns the reason it is refused.</summary>
    public static (JoseHeader? Header, string? Error) Read(JsonElement header, IReadOnlySet<string> allowedAlgorithms)
    {
        if (!header.TryGetProperty("alg", out var alg) || alg.ValueKind != JsonValueKind.String)
        {
            return (null, WebIdentityMessages.Malformed);
        }

        // none, HS* (the public-key-as-HMAC-secret confusion), EdDSA and unknown names have no entry; PS* only when allowed.
        var algorithm = JwsAlgorithm.Find(alg.GetString()!);
        if (algorithm is null || !allowedAlgorithms.Contains(algorithm.Name))
        {
            return (null, WebIdentityMessages.UnsupportedAlgorithm);
        }

        // RFC 7515 §4.1.11: an extension the recipient does not understand makes the JWS invalid; we understand none.
        // This also refuses RFC 7797 b64:false (unencoded payloads), which must be listed in crit.
        if (header.TryGetProperty("crit", out _) || header.TryGetProperty("b64", out _)
            || header.TryGetProperty("enc", out _) || header.TryGetProperty("zip", out _))
        {
            return (null, WebIdentityMessages.Malformed);
        }

        if (header.TryGetProperty("typ", out var typ)
            && (typ.ValueKind != JsonValueKind.String || ForeignTypes.Contains(typ.GetString()!)))
        {
            return (null, WebIdentityMessages.Malformed);
        }

        string? kid = null;
        if (header.TryGetProperty("kid", out var kidElement))
        {
            if (kidElement.ValueKind != JsonValueKind.String || kidElement.GetString()!.Length is 0 or > 256)
            {
                return (null, WebIdentityMessages.Malformed);
            }

            kid = kidElement.GetString();
        }

        return (new JoseHeader(algorithm, kid), null);
    }
}
