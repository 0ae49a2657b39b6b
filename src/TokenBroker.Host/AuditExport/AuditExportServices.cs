using TokenBroker.Host.Observability;

namespace TokenBroker.Host.AuditExport;

/// <summary>Registers the export queue and its sink when TOKENBROKER_AUDIT_EXPORT names one.</summary>
internal static class AuditExportServices
{
    public static IServiceCollection AddAuditExport(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddHostedService<AuditRetention>();
        var settings = AuditExportSettings.From(configuration);
        if (!settings.IsEnabled)
        {
            return services;
        }

        services.AddSingleton(settings);
        if (settings.Webhook is { } webhook)
        {
            services.AddSingleton<IAuditSink>(_ => new WebhookAuditSink(new HttpClient { Timeout = TimeSpan.FromSeconds(10) }, webhook));
        }
        else
        {
            services.AddSingleton<IAuditSink, StdoutAuditSink>();
        }

        services.AddSingleton<AuditExportQueue>();
        services.AddSingleton<IAuditExportQueue>(provider => provider.GetRequiredService<AuditExportQueue>());
        services.AddHostedService(provider => provider.GetRequiredService<AuditExportQueue>());
        return services;
    }
}
