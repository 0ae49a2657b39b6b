using TokenBroker.Core.Errors;
using TokenBroker.Host.Observability;
using TokenBroker.Host.Query;

namespace TokenBroker.Host.Throttling;

/// <summary>
/// Refuses, before reading them, the requests of a source address that has spent its failure allowance, and charges
/// every failed request (authentication or validation: a 4xx answer) to its source address.
/// </summary>
internal static class RequestThrottleMiddleware
{
    /// <summary>The error every SDK retries with backoff (STS: Throttling, HTTP 400, "Rate exceeded").</summary>
    public static readonly StsError Throttled = StsErrors.Throttling("Rate exceeded");

    /// <summary>Adds the middleware; /health and /metrics are never throttled.</summary>
    public static WebApplication UseRequestThrottle(this WebApplication app)
    {
        var throttle = app.Services.GetRequiredService<RequestThrottle>();
        app.Use(async (context, next) =>
        {
            if (BrokerObservability.IsOperatorPath(context.Request.Path))
            {
                await next(context);
                return;
            }

            var source = context.Connection.RemoteIpAddress;
            if (throttle.IsSourceOverLimit(source))
            {
                throttle.CountThrottled("source");
                await WriteThrottledAsync(context);
                return;
            }

            await next(context);
            if (RequestThrottle.IsFailure(context))
            {
                throttle.RecordSourceFailure(source);
            }
        });
        return app;
    }

    private static async Task WriteThrottledAsync(HttpContext context)
    {
        var requestId = RequestIds.New();
        var body = StsXml.Error(Throttled, requestId);
        var response = context.Response;
        response.Headers["x-amzn-RequestId"] = requestId;
        response.StatusCode = Throttled.HttpStatus;
        response.ContentType = "text/xml";
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body, context.RequestAborted);
    }
}
