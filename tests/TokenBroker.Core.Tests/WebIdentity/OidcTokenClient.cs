using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;

namespace TokenBroker.Core.Tests.WebIdentity;

/// <summary>
/// Gets a genuine ID token from oidc-provider by walking its authorization-code flow like a browser and a client
/// would: /auth → /interaction/{uid} (completed by the server for login_hint) → /auth/{uid} → redirect with code →
/// POST /token.
/// </summary>
public static class OidcTokenClient
{
    public const string RedirectUri = "https://client.example/callback";

    public static async Task<string> GetIdTokenAsync(Uri issuer, X509Certificate2? trustedRoot, string clientId, string subject)
    {
        using var handler = new HttpClientHandler
        {
            AllowAutoRedirect = false,
            CookieContainer = new CookieContainer(),
            ServerCertificateCustomValidationCallback = (_, certificate, chain, _) => TrustedBy(trustedRoot, certificate, chain),
        };
        using var http = new HttpClient(handler);
        var state = Guid.NewGuid().ToString("N");
        var authorize = new Uri(issuer, "/auth?" + string.Join('&',
            "response_type=code", "scope=openid", "client_id=" + clientId, "redirect_uri=" + Uri.EscapeDataString(RedirectUri),
            "login_hint=" + Uri.EscapeDataString(subject), "nonce=" + Guid.NewGuid().ToString("N"), "state=" + state));

        var location = authorize;
        for (var hop = 0; hop < 5 && !location.AbsoluteUri.StartsWith(RedirectUri, StringComparison.Ordinal); hop++)
        {
            using var response = await http.GetAsync(location);
            Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.SeeOther or HttpStatusCode.Found,
                $"{location} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            location = new Uri(location, response.Headers.Location!);
        }

        var query = System.Web.HttpUtility.ParseQueryString(location.Query);
        Assert.Equal(state, query["state"]);
        using var tokenResponse = await http.PostAsync(new Uri(issuer, "/token"), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = query["code"]!,
            ["redirect_uri"] = RedirectUri,
            ["client_id"] = clientId,
            ["client_secret"] = $"secret-for-{clientId}-that-is-long-enough",
        }));
        var body = await tokenResponse.Content.ReadAsStringAsync();
        Assert.True(tokenResponse.IsSuccessStatusCode, body);
        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("id_token").GetString()!;
    }

    private static bool TrustedBy(X509Certificate2? root, X509Certificate2? certificate, X509Chain? presented)
    {
        if (root is null || certificate is null)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(root);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (presented is not null)
        {
            chain.ChainPolicy.ExtraStore.AddRange(presented.ChainPolicy.ExtraStore);
        }

        return chain.Build(certificate);
    }
}
