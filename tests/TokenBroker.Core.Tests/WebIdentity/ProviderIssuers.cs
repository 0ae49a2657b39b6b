using System.Net;
using System.Text.Json.Nodes;

namespace TokenBroker.Core.Tests.WebIdentity;

/// <summary>
/// Public issuers whose provider-specific condition keys the tests exercise. The static test server stands in for them:
/// the broker's TOKENBROKER_OIDC_CONNECT_TO (OidcTlsSettings.ConnectTo) sends their host:443 to it, and the test
/// certificate names them, so discovery, JWKS and TLS name checks run as for the real issuer.
/// </summary>
public static class ProviderIssuers
{
    public const string GitHub = "https://token.actions.githubusercontent.com";
    public const string Google = "https://accounts.google.com";
    public const string CircleCiOrg = "7d1b2f0e-3c4a-4b5d-8e6f-9a0b1c2d3e4f";
    public const string CircleCi = "https://oidc.circleci.com/org/" + CircleCiOrg;
    public const string Oci = "https://idcs-0123456789abcdef0123456789abcdef.identity.oraclecloud.com";
    public const string GitLab = "https://gitlab.com";
    public const string Buildkite = "https://agent.buildkite.com";

    public static readonly string[] All = [GitHub, Google, CircleCi, Oci, GitLab, Buildkite];

    /// <summary>The host names the test server certificate must carry.</summary>
    public static IEnumerable<string> Hosts => All.Select(issuer => new Uri(issuer).Host).Distinct(StringComparer.Ordinal);

    /// <summary>Each issuer's host:443 pointed at the static server.</summary>
    public static Dictionary<string, DnsEndPoint> ConnectTo(Uri staticServer) =>
        Hosts.ToDictionary(host => host + ":443", _ => new DnsEndPoint(staticServer.Host, staticServer.Port), StringComparer.Ordinal);

    /// <summary>The same map in TOKENBROKER_OIDC_CONNECT_TO form.</summary>
    public static string ConnectToSetting(Uri staticServer) =>
        string.Join(',', Hosts.Select(host => $"{host}:443={staticServer.Host}:{staticServer.Port}"));

    /// <summary>Writes the issuer's discovery document and JWKS where the static server looks for that host and path.</summary>
    public static void Publish(string staticContent, string issuer, JsonObject jwks)
    {
        var uri = new Uri(issuer);
        var folder = Directory.CreateDirectory(Path.Combine(staticContent, uri.Host, uri.AbsolutePath.Trim('/'))).FullName;
        File.WriteAllText(Path.Combine(folder, "openid-configuration.json"),
            TestJwt.Serialize(new JsonObject { ["issuer"] = issuer, ["jwks_uri"] = issuer + "/jwks" }));
        File.WriteAllText(Path.Combine(folder, "jwks.json"), TestJwt.Serialize(jwks));
    }
}
