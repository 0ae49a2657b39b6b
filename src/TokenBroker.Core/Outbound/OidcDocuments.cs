using System.Text.Json;
using TokenBroker.Core.Model;

namespace TokenBroker.Core.Outbound;

/// <summary>
/// The issuer's discovery document (OpenID Connect Discovery 1.0 §3) and JWKS (RFC 7517 §5), rendered once per key
/// set and served from memory.
/// </summary>
public sealed class OidcDocuments(OutboundIssuer issuer, OidcSigningKeys keys)
{
    private volatile CachedJwks? _jwks;

    /// <summary>The JWKS: every published key of both algorithms.</summary>
    public async Task<byte[]> GetJwksAsync(CancellationToken cancellationToken)
    {
        var published = await keys.GetPublishedKeysAsync(cancellationToken);
        var ids = string.Join(',', published.Select(k => k.KeyId));
        if (_jwks is { } cached && cached.KeyIds == ids)
        {
            return cached.Document;
        }

        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartArray("keys");
            foreach (var key in published)
            {
                key.WritePublicJwk(json);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        var document = buffer.ToArray();
        _jwks = new CachedJwks(ids, document);
        return document;
    }

    /// <summary>The discovery document of an account's issuer.</summary>
    public byte[] Discovery(AccountId account)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("issuer", issuer.For(account));
            json.WriteString("jwks_uri", issuer.JwksUri(account));
            WriteArray(json, "response_types_supported", ["id_token"]);
            WriteArray(json, "subject_types_supported", ["public"]);
            WriteArray(json, "id_token_signing_alg_values_supported", SigningAlgorithms.All);
            WriteArray(json, "claims_supported", ["iss", "sub", "aud", "iat", "nbf", "exp", "jti", WebIdentityTokenWriter.AwsNamespace]);
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static void WriteArray(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }

    private sealed record CachedJwks(string KeyIds, byte[] Document);
}
