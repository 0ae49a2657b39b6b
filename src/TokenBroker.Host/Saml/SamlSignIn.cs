using TokenBroker.Core.Authentication.Saml;
using TokenBroker.Core.Operations;

namespace TokenBroker.Host.Saml;

/// <summary>Registers AssumeRoleWithSAML and the browser sign-in (POST /saml) from the TOKENBROKER_SAML_ACS_URL, _ENTITY_ID and _REPLAY_CACHE settings.</summary>
internal static class SamlSignIn
{
    /// <summary>Reads TOKENBROKER_SAML_ACS_URL, TOKENBROKER_SAML_ENTITY_ID and TOKENBROKER_SAML_REPLAY_CACHE (default true).</summary>
    public static AssumeRoleWithSamlSettings ReadSettings(IConfiguration configuration)
    {
        var acsUrl = configuration["TOKENBROKER_SAML_ACS_URL"] is { Length: > 0 } acs ? acs : null;
        var entityId = configuration["TOKENBROKER_SAML_ENTITY_ID"] is { Length: > 0 } entity ? entity : null;
        var replay = configuration["TOKENBROKER_SAML_REPLAY_CACHE"] is { Length: > 0 } text
            ? bool.Parse(text)
            : true;
        return new AssumeRoleWithSamlSettings(new SamlValidationSettings(acsUrl, entityId), replay);
    }

    /// <summary>Adds the operation, the sign-in state store and the page handlers.</summary>
    public static IServiceCollection AddSamlSignIn(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(ReadSettings(configuration));
        services.AddSingleton<AssumeRoleWithSamlOperation>();
        services.AddSingleton<SamlSignInOperation>();
        services.AddSingleton<SamlSignInStates>();
        services.AddSingleton<SamlSignInEndpoint>();
        return services;
    }

    /// <summary>Maps POST /saml and POST /saml/acs/ACCOUNT/NAME (the IdP's form post) and POST /saml/role (the person's choice).</summary>
    public static void MapSamlSignIn(this WebApplication app)
    {
        // Resolved per request: the endpoint needs the stores, which may open after start.
        static SamlSignInEndpoint Endpoint(HttpContext context) => context.RequestServices.GetRequiredService<SamlSignInEndpoint>();
        app.MapPost("/saml", context => Endpoint(context).ReceiveResponseAsync(context));
        app.MapPost("/saml/acs/{account}/{name}", context => Endpoint(context).ReceiveProviderResponseAsync(context));
        app.MapPost("/saml/role", context => Endpoint(context).ChooseRoleAsync(context));
    }
}
