using System.Text;
using System.Text.Json;
using TokenBroker.Core.Model;

namespace TokenBroker.Core.Outbound;

/// <summary>Writes a web identity token as a compact JWS (RFC 7515 §7.1) signed with one issuer key.</summary>
public static class WebIdentityTokenWriter
{
    /// <summary>The claim that nests the AWS identity, session and custom claims.</summary>
    public const string AwsNamespace = "https://sts.amazonaws.com/";

    /// <summary>The signed token.</summary>
    public static string Write(WebIdentityTokenContent content, OidcSigningKey key)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(key);
        var header = Json(json =>
        {
            json.WriteString("alg", key.Algorithm);
            json.WriteString("kid", key.KeyId);
            json.WriteString("typ", "JWT");
        });
        var payload = Payload(content);
        var signingInput = OidcSigningKey.Base64Url(header) + "." + OidcSigningKey.Base64Url(payload);
        var signature = key.Sign(Encoding.ASCII.GetBytes(signingInput));
        return signingInput + "." + OidcSigningKey.Base64Url(signature);
    }

    /// <summary>The JSON payload of a token; its size is what JWTPayloadSizeExceededException limits.</summary>
    public static byte[] Payload(WebIdentityTokenContent content)
    {
        ArgumentNullException.ThrowIfNull(content);
        return Json(json =>
        {
            json.WriteString("iss", content.Issuer);
            json.WriteString("sub", content.Subject);
            if (content.Audiences.Count == 1)
            {
                json.WriteString("aud", content.Audiences[0]);
            }
            else
            {
                json.WriteStartArray("aud");
                content.Audiences.ToList().ForEach(json.WriteStringValue);
                json.WriteEndArray();
            }

            json.WriteNumber("iat", content.IssuedAt.ToUnixTimeSeconds());
            json.WriteNumber("nbf", content.IssuedAt.ToUnixTimeSeconds());
            json.WriteNumber("exp", content.Expiration.ToUnixTimeSeconds());
            json.WriteString("jti", content.TokenId);
            json.WriteStartObject(AwsNamespace);
            json.WriteString("aws_account", content.Account.Value);
            json.WriteString("source_region", content.SourceRegion);
            WriteTags(json, "principal_tags", content.PrincipalTags);
            WriteTags(json, "request_tags", content.RequestTags);
            json.WriteEndObject();
        });
    }

    private static void WriteTags(Utf8JsonWriter json, string name, IReadOnlyList<Tag> tags)
    {
        if (tags.Count == 0)
        {
            return;
        }

        json.WriteStartObject(name);
        foreach (var tag in tags)
        {
            json.WriteString(tag.Key, tag.Value);
        }

        json.WriteEndObject();
    }

    private static byte[] Json(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            write(json);
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
