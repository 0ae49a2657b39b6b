using TokenBroker.Core.Authentication;
using TokenBroker.Core.Authentication.Mfa;
using TokenBroker.Core.Authentication.SigV4;
using TokenBroker.Core.Credentials;
using TokenBroker.Core.Operations;
using TokenBroker.Core.Ports;
using TokenBroker.Embedded;
using Microsoft.AspNetCore.Hosting.Server;
using TokenBroker.Host.Hosting;
using TokenBroker.Host.Query;

namespace TokenBroker.Host;

/// <summary>The composition root: the only place that picks adapters. Program.cs and the end-to-end tests both use it.</summary>
public static class BrokerApp
{
    /// <summary>Builds the broker over the embedded store of TOKENBROKER_DATA; <paramref name="timeProvider"/> replaces the clock in tests.</summary>
    public static async Task<WebApplication> BuildAsync(string[] args, TimeProvider? timeProvider = null, Action<IConfigurationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        configure?.Invoke(builder.Configuration);
        var settings = BrokerSettings.From(builder.Configuration);
        if (!EmbeddedStore.IsInitialized(settings.DataFolder))
        {
            throw new InvalidOperationException(
                $"The data folder {settings.DataFolder} is not initialized: run `tokenbroker init` first (see README).");
        }

        var store = await EmbeddedStore.OpenAsync(settings.DataFolder, CancellationToken.None);
        var time = timeProvider ?? TimeProvider.System;

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
        services.AddSingleton(store);
        services.AddSingleton(time);
        services.AddSingleton<IDirectory>(store.Directory);
        services.AddSingleton<IKeyRing>(store.KeyRing);
        services.AddSingleton<IKeyRecordStore>(store.KeyRecords);
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
        services.AddSingleton<GetAccessKeyInfoOperation>();
        services.AddSingleton<StsOperations>();
        services.AddSingleton<StsEndpoint>();

        var app = builder.Build();
        var endpoint = app.Services.GetRequiredService<StsEndpoint>();
        app.MapGet("/health", () => Results.Text("ok"));
        app.MapFallback(endpoint.HandleAsync);
        return app;
    }

    /// <summary>The Runtime API address Lambda gives a custom runtime; required once lambda hosting is chosen.</summary>
    public static string RuntimeApi(IConfiguration configuration) =>
        configuration[LambdaRuntimeServer.RuntimeApiVariable] is { Length: > 0 } address
            ? address
            : throw new InvalidOperationException($"TOKENBROKER_HOSTING=lambda needs {LambdaRuntimeServer.RuntimeApiVariable}.");
}
