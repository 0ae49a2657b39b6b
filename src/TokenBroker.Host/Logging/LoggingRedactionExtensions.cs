using Microsoft.Extensions.DependencyInjection.Extensions;

namespace TokenBroker.Host.Logging;

/// <summary>Puts <see cref="RedactingLoggerFactory"/> in front of the logger factory the host registered.</summary>
internal static class LoggingRedactionExtensions
{
    /// <summary>Every ILogger and ILogger&lt;T&gt; resolved from these services then logs redacted data only.</summary>
    public static IServiceCollection AddLogRedaction(this IServiceCollection services)
    {
        services.RemoveAll<ILoggerFactory>();
        services.AddSingleton<LoggerFactory>();
        services.AddSingleton<ILoggerFactory>(provider => new RedactingLoggerFactory(provider.GetRequiredService<LoggerFactory>()));
        return services;
    }
}
