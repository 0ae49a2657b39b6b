using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace TokenBroker.Host.Tests.Outbound;

/// <summary>
/// Verifies a web identity token as an external service would, with Microsoft.IdentityModel: the discovery document and
/// JWKS are fetched over HTTP from the running broker by its ConfigurationManager, nothing is taken from the broker's code.
/// </summary>
public static class TokenVerifier
{
    public static async Task<TokenValidationResult> ValidateAsync(string token, string issuer, string audience)
    {
        var configuration = new ConfigurationManager<OpenIdConnectConfiguration>(
            issuer + "/.well-known/openid-configuration",
            new OpenIdConnectConfigurationRetriever(),
            new HttpDocumentRetriever { RequireHttps = false });
        var parameters = new TokenValidationParameters
        {
            ValidIssuer = issuer,
            ValidAudience = audience,
            ConfigurationManager = configuration,
            ValidAlgorithms = ["ES384", "RS256"],
        };
        return await new JsonWebTokenHandler().ValidateTokenAsync(token, parameters);
    }
}
