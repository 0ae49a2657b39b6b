using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using TokenBroker.Composition;
using TokenBroker.Host.AuditExport;
using TokenBroker.Core.Ports;

namespace TokenBroker.Host.Observability;

/// <summary>
/// Metrics and traces with OpenTelemetry: a MeterProvider over every TokenBroker.* meter (and ASP.NET Core's request
/// meter) served as Prometheus text on /metrics, OTLP export of the metrics when OTEL_EXPORTER_OTLP_ENDPOINT is set (with
/// the standard OTEL_* variables), and only then a TracerProvider over every TokenBroker.* source and ASP.NET Core's
/// requests, exporting them the same way.
/// </summary>
internal static class BrokerObservability
{
    /// <summary>The standard variable that turns OTLP export on.</summary>
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>Registers the instruments, the providers and the observed ports (after the ports themselves).</summary>
    public static IServiceCollection AddBrokerObservability(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<BrokerMetrics>();
        services.AddSingleton<RequestTelemetry>();
        services.AddAuditExport(configuration);
        Observe<IAuditLog>(services, provider => new ObservedAuditLog(
            provider.GetRequiredService<BrokerStores>().AuditLog,
            provider.GetRequiredService<BrokerMetrics>(),
            TimeProvider.System,
            provider.GetService<IAuditExportQueue>()));
        Observe<IRevocationStore>(services, provider => new ObservedRevocationStore(
            provider.GetRequiredService<BrokerStores>().Revocations, provider.GetRequiredService<BrokerMetrics>()));
        Observe<IReplayCache>(services, provider => new ObservedReplayCache(
            provider.GetRequiredService<BrokerStores>().ReplayCache, provider.GetRequiredService<BrokerMetrics>()));
        Observe<IKeyRing>(services, provider => new ObservedKeyRing(
            provider.GetRequiredService<BrokerStores>().KeyRing, provider.GetRequiredService<BrokerMetrics>()));

        var otlp = !string.IsNullOrEmpty(configuration[OtlpEndpointVariable]);
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("tokenbroker"))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(BrokerMetrics.MeterWildcard).AddMeter("Microsoft.AspNetCore.Hosting").AddPrometheusExporter();
                if (otlp)
                {
                    metrics.AddOtlpExporter();
                }
            });
        if (otlp)
        {
            // Spans have no reader but an exporter: without one, a TracerProvider would still listen, so every request
            // would build, tag and end its spans for nobody (a few per cent of an AssumeRole's CPU, docs/benchmarks.md).
            telemetry.WithTracing(tracing => tracing
                .AddSource(BrokerMetrics.MeterWildcard)
                .AddAspNetCoreInstrumentation(options => options.Filter = context => !IsOperatorPath(context.Request.Path))
                .AddOtlpExporter());
        }

        return services;
    }

    /// <summary>Maps the Prometheus scrape endpoint, /metrics.</summary>
    public static void MapBrokerMetrics(this WebApplication app) => app.MapPrometheusScrapingEndpoint("/metrics");

    /// <summary>Probes and scrapes: neither throttled, gated on the stores, nor traced.</summary>
    public static bool IsOperatorPath(PathString path) =>
        path.StartsWithSegments("/health", StringComparison.Ordinal) || path.StartsWithSegments("/metrics", StringComparison.Ordinal);

    // The adapter's registration is replaced by the observed one: everything that resolves the port gets it.
    private static void Observe<TPort>(IServiceCollection services, Func<IServiceProvider, TPort> create)
        where TPort : class
    {
        services.RemoveAll<TPort>();
        services.AddSingleton(create);
    }
}
