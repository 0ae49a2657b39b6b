using TokenBroker.Core.Credentials;
using TokenBroker.Core.Model;
using TokenBroker.Core.Outbound;
using TokenBroker.Composition;
using TokenBroker.Core.Ports;

namespace TokenBroker.Host.Oidc;

/// <summary>
/// The broker as an OpenID Connect issuer: per account, the discovery document and the JWKS that verify web identity
/// tokens, unauthenticated. Both are served from memory; the JWKS may be cached for less than the clock-skew margin,
/// so a verifier's copy always holds the next key before it signs (it is published a whole rotation interval ahead).
/// </summary>
internal static partial class OidcIssuerEndpoints
{
    /// <summary>TOKENBROKER_PUBLIC_URL: the https base URL of the broker; the issuer of account A is {base}/oidc/A.</summary>
    public const string PublicUrlSetting = "TOKENBROKER_PUBLIC_URL";

    private const string DiscoveryCacheControl = "public, max-age=3600";
    private const string JwksCacheControl = "public, max-age=300";

    /// <summary>Registers the issuer keys, documents and GetWebIdentityToken; without a public URL the operation answers that federation is disabled.</summary>
    public static void AddOidcIssuer(this IServiceCollection services, IConfiguration configuration)
    {
        var publicUrl = configuration[PublicUrlSetting];
        OutboundIssuer? issuer = null;
        if (!string.IsNullOrEmpty(publicUrl))
        {
            issuer = OutboundIssuer.TryCreate(publicUrl, out var reason)
                ?? throw new InvalidOperationException($"{PublicUrlSetting}: {reason}");
        }

        services.AddSingleton(provider => new OidcSigningKeys(
            provider.GetRequiredService<SecretAccessKeyDeriver>(), provider.GetRequiredService<IKeyRing>(),
            provider.GetRequiredService<IKeyRecordStore>(), provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton(provider => new Core.Operations.GetWebIdentityTokenOperation(
            provider.GetRequiredService<Core.Authorization.PolicyResolver>(), provider.GetRequiredService<OidcSigningKeys>(), issuer,
            provider.GetRequiredService<Core.Audit.CredentialAudit>(), provider.GetRequiredService<TimeProvider>()));
        if (issuer is not null)
        {
            services.AddSingleton(issuer);
            services.AddSingleton<OidcDocuments>();
        }
    }

    /// <summary>Maps the two documents under /oidc/{account}; an unknown account, or a broker without a public URL, is 404.</summary>
    /// <remarks>The stores may open after start, so what needs them is resolved per request (behind the store gate).</remarks>
    public static void MapOidcIssuer(this WebApplication app)
    {
        app.MapGet("/oidc/{account}/.well-known/openid-configuration", (string account, HttpContext context) => AnswerAsync(context, async () =>
        {
            var documents = context.RequestServices.GetService<OidcDocuments>();
            if (documents is null || await FindAsync(context, account) is not { } id)
            {
                return Results.NotFound();
            }

            context.Response.Headers.CacheControl = DiscoveryCacheControl;
            return Results.Bytes(documents.Discovery(id), "application/json");
        }));
        app.MapGet("/oidc/{account}/.well-known/jwks.json", (string account, HttpContext context) => AnswerAsync(context, async () =>
        {
            var documents = context.RequestServices.GetService<OidcDocuments>();
            if (documents is null || await FindAsync(context, account) is null)
            {
                return Results.NotFound();
            }

            var jwks = await documents.GetJwksAsync(context.RequestAborted);
            context.Response.Headers.CacheControl = JwksCacheControl;
            return Results.Bytes(jwks, "application/jwk-set+json");
        }));
    }

    // A store or KMS that is down or slow is 503 with Retry-After, so verifiers keep their cached keys and retry; a
    // stored key that fails its root-key certificate is never published (500, logged, nothing of it in the answer).
    private static async Task<IResult> AnswerAsync(HttpContext context, Func<Task<IResult>> answer)
    {
        try
        {
            return await answer();
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !context.RequestAborted.IsCancellationRequested)
        {
            var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(OidcIssuerEndpoints));
            var unavailable = exception is StoreUnavailableException or TimeoutException or OperationCanceledException
                || StoreFailures.IsUnavailable(exception);
            context.Response.Headers.CacheControl = "no-store";
            if (unavailable)
            {
                LogUnavailable(logger, exception);
                context.Response.Headers.RetryAfter = "5";
                return Results.Json(new OidcError("ServiceUnavailable", "The issuer's keys cannot be read right now; retry later."),
                    OidcErrorJsonContext.Default.OidcError, statusCode: StatusCodes.Status503ServiceUnavailable);
            }

            LogFailed(logger, exception);
            return Results.Json(new OidcError("InternalFailure", "The issuer's keys cannot be served."),
                OidcErrorJsonContext.Default.OidcError, statusCode: StatusCodes.Status500InternalServerError);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "OIDC issuer document unavailable: a dependency is down")]
    private static partial void LogUnavailable(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "OIDC issuer document failed")]
    private static partial void LogFailed(ILogger logger, Exception exception);

    // Served for every account in the directory, enabled or not: disabling stops new tokens, and tokens issued before
    // must still verify until they expire (as AWS's DisableOutboundWebIdentityFederation).
    private static async Task<AccountId?> FindAsync(HttpContext context, string account) =>
        AccountId.TryParse(account, out var id)
        && (await context.RequestServices.GetRequiredService<DirectoryVersions>().CurrentAsync(context.RequestAborted)).AccountExists(id)
            ? id
            : null;
}
