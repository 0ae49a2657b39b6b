using TokenBroker.Core.Audit;
using TokenBroker.Core.Authentication;
using TokenBroker.Core.Authorization;
using TokenBroker.Core.Authentication.Mfa;
using System.Security.Cryptography.X509Certificates;
using TokenBroker.Core.Authentication.SigV4;
using TokenBroker.Core.Authentication.WebIdentity;
using TokenBroker.Core.Credentials;
using TokenBroker.Core.Operations;
using TokenBroker.Core.Ports;
using TokenBroker.Core.Revocation;
using TokenBroker.Composition;
using Microsoft.AspNetCore.Hosting.Server;
using TokenBroker.Host.DataPlane;
using TokenBroker.Host.Health;
using TokenBroker.Host.Hosting;
using TokenBroker.Host.Iam;
using TokenBroker.Host.Logging;
using TokenBroker.Host.Observability;
using TokenBroker.Host.Oidc;
using TokenBroker.Host.Query;
using TokenBroker.Host.Saml;
using TokenBroker.Host.Throttling;
using TokenBroker.Host.Usage;
using TokenBroker.Policy;

namespace TokenBroker.Host;

/// <summary>The composition root of the broker (the adapters come from <see cref="BrokerStores"/>). Program.cs and the end-to-end tests both use it.</summary>
public static class BrokerApp
{
    /// <summary>Builds the broker over the stores the settings name; <paramref name="timeProvider"/> replaces the clock in tests.</summary>
    public static async Task<WebApplication> BuildAsync(string[] args, TimeProvider? timeProvider = null, Action<IConfigurationBuilder>? configure = null)
    {
        // Settings come from the environment. Reloading appsettings.json on change would put a recursive file watcher
        // on the working directory, which walks the whole tree at start (a repository checkout, node_modules and all).
        var builder = WebApplication.CreateSlimBuilder(["--hostBuilder:reloadConfigOnChange=false", .. args]);
        configure?.Invoke(builder.Configuration);
        var settings = BrokerSettings.From(builder.Configuration);
        var time = timeProvider ?? TimeProvider.System;
        var loader = await OpenStoresAsync(settings, time);

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // Our reader enforces the body limit with an STS error; Kestrel's own limit is only the backstop.
            kestrel.Limits.MaxRequestBodySize = settings.MaxBodyBytes * 2L;
            kestrel.AddServerHeader = false;
        });

        var services = builder.Services;
        builder.Logging.UseBrokerLogFormat(builder.Configuration);
        services.AddLogRedaction();
        if (settings.IsLambda)
        {
            var runtimeApi = RuntimeApi(builder.Configuration);
            services.AddSingleton<IServer>(provider => new LambdaRuntimeServer(
                runtimeApi,
                provider.GetRequiredService<TimeProvider>(),
                provider.GetRequiredService<IHostApplicationLifetime>(),
                provider.GetRequiredService<ILogger<LambdaRuntimeServer>>(),
                settings.IsLambdaAuthorizer ? provider.GetRequiredService<DataPlane.LambdaAuthorizer>().HandleAsync : null));
        }

        services.AddSingleton(settings);
        // The stores may open after start (StoreLoading): what needs them is resolved on first use, behind StoreGate.
        services.AddSingleton(loader);
        services.AddSingleton<BrokerReadiness>();
        services.AddHostedService<StoreLoading>();
        services.AddSingleton(_ => loader.Stores);
        services.AddSingleton(time);
        services.AddSingleton(provider => provider.GetRequiredService<BrokerStores>().Directory);
        services.AddSingleton(provider => new DirectoryVersions(provider.GetRequiredService<BrokerStores>().Directory, time, settings.DirectoryCacheTtl));
        services.AddSingleton(provider => provider.GetRequiredService<BrokerStores>().KeyRing);
        services.AddSingleton(provider => provider.GetRequiredService<BrokerStores>().KeyRecords);
        services.AddSingleton(provider => provider.GetRequiredService<BrokerStores>().Revocations);
        services.AddSingleton(provider => provider.GetRequiredService<BrokerStores>().AuditLog);
        services.AddSingleton(provider => new RevocationChecker(
            provider.GetRequiredService<IRevocationStore>(), provider.GetRequiredService<TimeProvider>(), settings.RevocationCacheDuration));
        services.AddSingleton<CredentialAudit>();
        services.AddSingleton(provider => provider.GetRequiredService<BrokerStores>().ReplayCache);
        services.AddSingleton(provider => provider.GetRequiredService<BrokerStores>().MfaAttempts);
        services.AddSingleton(settings.MfaLockout ?? MfaLockoutPolicy.Default);
        services.AddSingleton(new SigV4Options { Regions = settings.Regions, MaxSkew = settings.MaxClockSkew });
        services.AddSingleton<SigV4Parser>();
        services.AddSingleton<SigV4Verifier>();
        services.AddSingleton<SecretAccessKeyDeriver>();
        services.AddSingleton<CredentialIssuer>();
        services.AddSingleton(provider => new CredentialVerifier(
            provider.GetRequiredService<IKeyRing>(),
            provider.GetRequiredService<SecretAccessKeyDeriver>(),
            provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton<CallerAuthenticator>();
        services.AddUsageRecording(builder.Configuration);
        services.AddSingleton<MfaVerifier>();
        services.AddSingleton<GetSessionTokenOperation>();
        services.AddSingleton(new PolicyCache());
        services.AddSingleton<PolicyResolver>();
        services.AddSingleton<AssumeRoleOperation>();
        services.AddSingleton<GetFederationTokenOperation>();
        AddWebIdentity(services, settings, time);
        services.AddSamlSignIn(builder.Configuration);
        services.AddOidcIssuer(builder.Configuration);
        services.AddSingleton<DecodeAuthorizationMessageOperation>();
        services.AddDataPlane();
        services.AddSingleton<StsOperations>();
        services.AddIamApi();
        services.AddSingleton<StsEndpoint>();
        services.AddSingleton(RateLimitSettings.From(builder.Configuration));
        services.AddSingleton<RequestThrottle>();
        services.AddBrokerObservability(builder.Configuration);
        services.AddBrokerHealthChecks(settings.Stores.DependencyTimeout);

        var app = builder.Build();
        if (settings.IsLambda)
        {
            await LambdaInitReadiness.EnsureReadyAsync(app.Services, CancellationToken.None);
        }

        app.UseRequestThrottle();
        app.UseStoreGate(loader);
        app.MapBrokerHealth();
        if (!settings.IsLambda)
        {
            // Nothing scrapes a Lambda function, and API Gateway would publish the scrape to the world: OTLP there.
            app.MapBrokerMetrics();
        }

        app.MapSamlSignIn();
        app.MapOidcIssuer();
        app.MapDataPlane();
        app.MapFallback(context => context.RequestServices.GetRequiredService<StsEndpoint>().HandleAsync(context));
        return app;
    }

    // Kestrel starts even when the stores cannot be opened yet (StoreLoading keeps trying); a Lambda function fails
    // its init instead, with one line, and Lambda retries the init (reference/hosting.md §1).
    private static async Task<StoreLoader> OpenStoresAsync(BrokerSettings settings, TimeProvider time)
    {
        var loader = new StoreLoader(settings.Stores, time);
        if (!await loader.TryLoadAsync(CancellationToken.None) && settings.IsLambda)
        {
            throw new StartupFailedException($"TokenBroker could not open its stores: {loader.LastFailure}");
        }

        return loader;
    }

    /// <summary>The Runtime API address Lambda gives a custom runtime; required once lambda hosting is chosen.</summary>
    public static string RuntimeApi(IConfiguration configuration) =>
        configuration[LambdaRuntimeServer.RuntimeApiVariable] is { Length: > 0 } address
            ? address
            : throw new InvalidOperationException($"TOKENBROKER_HOSTING=lambda needs {LambdaRuntimeServer.RuntimeApiVariable}.");

    // One HTTP client set, key source (JWKS cache) and validator per process, so keys are cached across requests.
    private static void AddWebIdentity(IServiceCollection services, BrokerSettings settings, TimeProvider time)
    {
        var webIdentity = new WebIdentitySettings
        {
            AllowHttpLoopbackProviders = settings.OidcAllowHttpLoopback,
            RejectReplayedTokens = settings.OidcReplayCache,
        };
        var tls = new OidcTlsSettings
        {
            ExtraTrustedCertificateAuthorities = ExtraCertificateAuthorities(settings.OidcExtraCaFile),
            ConnectTo = settings.OidcConnectTo ?? new Dictionary<string, System.Net.DnsEndPoint>(),
        };
        var clients = OidcHttpClients.Create(tls, webIdentity);
        var keys = new OidcKeySource(clients, webIdentity, time);
        services.AddSingleton(webIdentity);
        services.AddSingleton(clients);
        services.AddSingleton(keys);
        services.AddSingleton(new WebIdentityTokenValidator(keys, webIdentity, time));
        services.AddSingleton<AssumeRoleWithWebIdentityOperation>();
    }

    private static X509Certificate2Collection ExtraCertificateAuthorities(string? pemFile)
    {
        var certificates = new X509Certificate2Collection();
        if (pemFile is not null)
        {
            certificates.ImportFromPemFile(pemFile);
        }

        return certificates;
    }
}
