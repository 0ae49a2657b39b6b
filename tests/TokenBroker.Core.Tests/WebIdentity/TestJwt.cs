using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace TokenBroker.Core.Tests.WebIdentity;

/// <summary>Hand-made JWS tokens for attack tests, signed with .NET crypto exactly as the test says.</summary>
public static class TestJwt
{
    public static string Encode(JsonObject header, JsonObject payload, Func<byte[], byte[]> sign)
    {
        var signingInput = B64(Encoding.UTF8.GetBytes(header.ToJsonString())) + "." + B64(Encoding.UTF8.GetBytes(payload.ToJsonString()));
        return signingInput + "." + B64(sign(Encoding.ASCII.GetBytes(signingInput)));
    }

    public static string Raw(string headerJson, string payloadJson, string signature) =>
        B64(Encoding.UTF8.GetBytes(headerJson)) + "." + B64(Encoding.UTF8.GetBytes(payloadJson)) + "." + signature;

    public static Func<byte[], byte[]> Rs(RSA key, HashAlgorithmName hash) =>
        data => key.SignData(data, hash, RSASignaturePadding.Pkcs1);

    public static Func<byte[], byte[]> Ps(RSA key, HashAlgorithmName hash) =>
        data => key.SignData(data, hash, RSASignaturePadding.Pss);

    public static Func<byte[], byte[]> Es(ECDsa key, HashAlgorithmName hash) =>
        data => key.SignData(data, hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

    public static Func<byte[], byte[]> Hs256(byte[] secret) => data => HMACSHA256.HashData(secret, data);

    public static string B64(byte[] bytes) => Base64Url.EncodeToString(bytes);

    public static JsonObject RsaJwk(RSA key, string kid, string? alg = "RS256")
    {
        var p = key.ExportParameters(false);
        var jwk = new JsonObject { ["kty"] = "RSA", ["kid"] = kid, ["use"] = "sig", ["n"] = B64(p.Modulus!), ["e"] = B64(p.Exponent!) };
        if (alg is not null)
        {
            jwk["alg"] = alg;
        }

        return jwk;
    }

    public static JsonObject EcJwk(ECDsa key, string kid, string crv)
    {
        var p = key.ExportParameters(false);
        return new JsonObject { ["kty"] = "EC", ["kid"] = kid, ["use"] = "sig", ["crv"] = crv, ["x"] = B64(p.Q.X!), ["y"] = B64(p.Q.Y!) };
    }

    public static JsonObject Jwks(params JsonObject[] keys) => new() { ["keys"] = new JsonArray(keys) };

    public static string Serialize(JsonNode node) => node.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
}
