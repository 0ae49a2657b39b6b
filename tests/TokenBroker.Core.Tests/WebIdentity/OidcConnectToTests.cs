using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using TokenBroker.Core.Authentication.WebIdentity;
using TokenBroker.Core.Model;

namespace TokenBroker.Core.Tests.WebIdentity;

/// <summary>OidcTlsSettings.ConnectTo moves only the TCP endpoint: the certificate must still name the issuer's host.</summary>
[Collection(WebIdentityServers.Name)]
public sealed class OidcConnectToTests(WebIdentityFixture fixture)
{
    [Fact]
    public async Task ValidateAsync_ConnectToServerWithoutCertificateForIssuerHost_RefusedSoARedirectCannotImpersonateTheIssuer()
    {
        const string issuer = "https://idp.not-in-the-certificate.example";
        using var key = RSA.Create(2048);
        ProviderIssuers.Publish(fixture.StaticContent, issuer, TestJwt.Jwks(TestJwt.RsaJwk(key, "k1")));
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var settings = new WebIdentitySettings();
        using var clients = OidcHttpClients.Create(new OidcTlsSettings
        {
            UseSystemTrust = false,
            ExtraTrustedCertificateAuthorities = [fixture.Ca.Root],
            ConnectTo = new Dictionary<string, DnsEndPoint>
            {
                ["idp.not-in-the-certificate.example:443"] = new(fixture.Static.BaseUri.Host, fixture.Static.BaseUri.Port),
            },
        }, settings);
        var validator = new WebIdentityTokenValidator(new OidcKeySource(clients, settings, time), settings, time);
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        var token = TestJwt.Encode(new JsonObject { ["alg"] = "RS256", ["kid"] = "k1" },
            new JsonObject { ["iss"] = issuer, ["aud"] = "c", ["sub"] = "subject-1", ["iat"] = now, ["exp"] = now + 300 },
            TestJwt.Rs(key, HashAlgorithmName.SHA256));

        var result = await validator.ValidateAsync(token, [OidcProvider.Create(WebIdentityFixture.Account, issuer, ["c"])], CancellationToken.None);

        Assert.Equal("IDPCommunicationError", result.Error!.Code);
    }
}
