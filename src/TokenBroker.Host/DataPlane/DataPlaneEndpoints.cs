using TokenBroker.Core.DataPlane;

namespace TokenBroker.Host.DataPlane;

/// <summary>Registers and maps the data plane: POST /authorize and /forward-auth/{prefix} (docs/authorize.md).</summary>
internal static class DataPlaneEndpoints
{
    /// <summary>The decision, its message codec and metrics, and the two endpoints.</summary>
    public static IServiceCollection AddDataPlane(this IServiceCollection services)
    {
        services.AddSingleton(provider => new AuthorizationMetrics(provider.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.AddSingleton<AuthorizationMessageCodec>();
        services.AddSingleton<DataPlaneAuthorizer>();
        services.AddSingleton<AuthorizeCallerCheck>();
        services.AddSingleton<AuthorizeEndpoint>();
        services.AddSingleton<ForwardAuthEndpoint>();
        services.AddSingleton<LambdaAuthorizer>();
        return services;
    }

    /// <summary>Maps the endpoints ahead of the STS fallback.</summary>
    public static void MapDataPlane(this WebApplication app)
    {
        app.MapPost("/authorize", context => context.RequestServices.GetRequiredService<AuthorizeEndpoint>().HandleAsync(context));
        RequestDelegate forwardAuth = context => context.RequestServices.GetRequiredService<ForwardAuthEndpoint>()
            .HandleAsync(context, (string)context.Request.RouteValues["prefix"]!);
        app.Map(ForwardAuthEndpoint.Route + "/{prefix}", forwardAuth);
        app.Map(ForwardAuthEndpoint.Route + "/{prefix}/{**path}", forwardAuth);
    }
}
