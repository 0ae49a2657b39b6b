using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using TokenBroker.Core.Authentication.WebIdentity;
using TokenBroker.Core.Model;

namespace TokenBroker.Core.Tests.WebIdentity;

/// <summary>
/// Started once for all web-identity tests: a test CA, oidc-provider over HTTPS and over plain HTTP, and a static
/// discovery/JWKS server over HTTPS whose per-tenant files the attack tests write.
/// </summary>
public sealed class WebIdentityFixture : IDisposable
{
    public static readonly AccountId Account = AccountId.Parse("111122223333");

    private readonly string _directory = Directory.CreateTempSubdirectory("tokenbroker-oidc-").FullName;

    public WebIdentityFixture()
    {
        Ca = new TestCertificateAuthority("TokenBroker Test");
        var tls = Ca.WriteTlsDirectory(Path.Combine(_directory, "tls"));
        StaticContent = Directory.CreateDirectory(Path.Combine(_directory, "static")).FullName;
        OidcHttps = NodeServer.StartOidc(tls);
        OidcHttp = NodeServer.StartOidc(null);
        Static = NodeServer.StartStatic(StaticContent, tls);
    }

    public TestCertificateAuthority Ca { get; }

    public NodeServer OidcHttps { get; }

    public NodeServer OidcHttp { get; }

    public NodeServer Static { get; }

    public string StaticContent { get; }

    /// <summary>oidc-provider's issuer string (no trailing slash), exactly as it writes iss.</summary>
    public static string Issuer(NodeServer server) => server.BaseUri.AbsoluteUri.TrimEnd('/');

    public OidcTlsSettings TrustTestCa() => new() { ExtraTrustedCertificateAuthorities = new X509Certificate2Collection(Ca.Root) };

    /// <summary>Publishes a tenant on the static server and returns its issuer URL.</summary>
    public string PublishTenant(string tenant, JsonObject jwks, string? issuerOverride = null, string? jwksUriOverride = null)
    {
        var issuer = Issuer(Static) + "/" + tenant;
        var folder = Directory.CreateDirectory(Path.Combine(StaticContent, tenant)).FullName;
        File.WriteAllText(Path.Combine(folder, "openid-configuration.json"), TestJwt.Serialize(new JsonObject
        {
            ["issuer"] = issuerOverride ?? issuer,
            ["jwks_uri"] = jwksUriOverride ?? issuer + "/jwks",
        }));
        File.WriteAllText(Path.Combine(folder, "jwks.json"), TestJwt.Serialize(jwks));
        return issuer;
    }

    public void ReplaceJwks(string tenant, JsonObject jwks) =>
        File.WriteAllText(Path.Combine(StaticContent, tenant, "jwks.json"), TestJwt.Serialize(jwks));

    public void RemoveTenant(string tenant) => Directory.Delete(Path.Combine(StaticContent, tenant), recursive: true);

    public Harness NewHarness(WebIdentitySettings? settings = null, OidcTlsSettings? tls = null, FakeTimeProvider? time = null) =>
        new(settings ?? new WebIdentitySettings(), tls ?? TrustTestCa(), time ?? new FakeTimeProvider(DateTimeOffset.UtcNow));

    public void Dispose()
    {
        OidcHttps.Dispose();
        OidcHttp.Dispose();
        Static.Dispose();
        Ca.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>A validator with its own key cache and clock, as the broker wires it.</summary>
    public sealed class Harness : IDisposable
    {
        public Harness(WebIdentitySettings settings, OidcTlsSettings tls, FakeTimeProvider time)
        {
            Time = time;
            Clients = OidcHttpClients.Create(tls, settings);
            Keys = new OidcKeySource(Clients, settings, time);
            Validator = new WebIdentityTokenValidator(Keys, settings, time);
        }

        public FakeTimeProvider Time { get; }

        public OidcHttpClients Clients { get; }

        public OidcKeySource Keys { get; }

        public WebIdentityTokenValidator Validator { get; }

        public long Now => Time.GetUtcNow().ToUnixTimeSeconds();

        public Task<Errors.StsResult<ValidatedWebIdentityToken>> ValidateAsync(string token, params OidcProvider[] providers) =>
            Validator.ValidateAsync(token, providers, CancellationToken.None);

        public void Dispose() => Clients.Dispose();
    }
}
