using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace TokenBroker.Core.Tests.WebIdentity;

/// <summary>A tenant on the static server with one RSA 2048 signing key (kid k1), and valid claims to start each attack from.</summary>
public sealed class AttackTokens : IDisposable
{
    public const string ClientId = "client-1";

    // RSA key generation dominates test time on a shared machine; tenants share one key unless a test needs its own.
    private static readonly RSA SharedKey = RSA.Create(2048);

    private readonly bool _ownsKey;

    public AttackTokens(WebIdentityFixture fixture, string tenant, bool ownKey = false)
    {
        _ownsKey = ownKey;
        Key = ownKey ? RSA.Create(2048) : SharedKey;
        Tenant = tenant;
        Issuer = fixture.PublishTenant(tenant, TestJwt.Jwks(TestJwt.RsaJwk(Key, "k1")));
    }

    public RSA Key { get; }

    public string Tenant { get; }

    public string Issuer { get; }

    public static JsonObject Header(string alg = "RS256", string? kid = "k1")
    {
        var header = new JsonObject { ["alg"] = alg, ["typ"] = "JWT" };
        if (kid is not null)
        {
            header["kid"] = kid;
        }

        return header;
    }

    public JsonObject Claims(long now) => new()
    {
        ["iss"] = Issuer,
        ["sub"] = "subject-0001",
        ["aud"] = ClientId,
        ["iat"] = now,
        ["exp"] = now + 300,
    };

    public string Sign(JsonObject header, JsonObject claims) =>
        TestJwt.Encode(header, claims, TestJwt.Rs(Key, HashAlgorithmName.SHA256));

    public void Dispose()
    {
        if (_ownsKey)
        {
            Key.Dispose();
        }
    }
}
