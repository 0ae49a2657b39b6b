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
using TokenBroker.Host.Hosting;
using TokenBroker.Host.Oidc;
using TokenBroker.Host.Query;
using TokenBroker.Host.Saml;
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
        var stores = await BrokerStores.OpenAsync(settings.Stores, time, CancellationToken.None);

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // Our reader enforces the body limit with an STS error; Kestrel's own limit is only the backstop.
            kestrel.Limits.MaxRequestBodySize = settings.MaxBodyBytes * 2L;
            kestrel.AddServerHeader = false;
        });

        var services = builder.Services;
        if (settings.IsLambda)
        {
            var runtimeApi = RuntimeApi(builder.Configuration);
            services.AddSingleton<IServer>(provider => new LambdaRuntimeServer(
                runtimeApi,
                provider.GetRequiredService<TimeProvider>(),
                provider.GetRequiredService<IHostApplicationLifetime>(),
                provider.GetRequiredService<ILogger<LambdaRuntimeServer>>()));
        }

        services.AddSingleton(settings);
        services.AddSingleton(stores);
        services.AddSingleton(time);
        services.AddSingleton(stores.Directory);
        services.AddSingleton(new DirectoryVersions(stores.Directory, time, settings.DirectoryCacheTtl));
        services.AddSingleton(stores.KeyRing);
        services.AddSingleton(stores.KeyRecords);
        services.AddSingleton(stores.Revocations);
        services.AddSingleton(stores.AuditLog);
        services.AddSingleton(provider => new RevocationChecker(
            provider.GetRequiredService<IRevocationStore>(), provider.GetRequiredService<TimeProvider>(), settings.RevocationCacheDuration));
        services.AddSingleton<CredentialAudit>();
        services.AddSingleton(stores.ReplayCache);
        services.AddSingleton(stores.MfaAttempts);
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
        services.AddSingleton<MfaVerifier>();
        services.AddSingleton<GetSessionTokenOperation>();
        services.AddSingleton(new PolicyCache());
        services.AddSingleton<PolicyResolver>();
        services.AddSingleton<AssumeRoleOperation>();
        services.AddSingleton<GetFederationTokenOperation>();
        AddWebIdentity(services, settings, time);
        services.AddSamlSignIn(builder.Configuration);
        services.AddOidcIssuer(builder.Configuration);
        services.AddSingleton<StsOperations>();
        services.AddSingleton<StsEndpoint>();

        var app = builder.Build();
        var endpoint = app.Services.GetRequiredService<StsEndpoint>();
        app.MapGet("/health", () => Results.Text("ok"));
        app.MapSamlSignIn();
        app.MapOidcIssuer();
        app.MapFallback(endpoint.HandleAsync);
        return app;
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
