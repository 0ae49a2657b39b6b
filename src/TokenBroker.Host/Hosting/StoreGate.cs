using TokenBroker.Composition;
using TokenBroker.Core.Errors;
using TokenBroker.Host.Observability;
using TokenBroker.Host.Query;

namespace TokenBroker.Host.Hosting;

/// <summary>
/// Until the stores are open, every request but /health and /metrics is answered ServiceUnavailable in the STS error format: a
/// broker that started during an outage fails closed, and SDKs retry it as they retry AWS.
/// </summary>
internal static class StoreGate
{
    public static void UseStoreGate(this WebApplication app, StoreLoader loader) => app.Use(async (context, next) =>
    {
        if (loader.IsLoaded || BrokerObservability.IsOperatorPath(context.Request.Path))
        {
            await next(context);
            return;
        }

        var requestId = RequestIds.New();
        var error = StsErrors.ServiceUnavailable();
        var body = StsXml.Error(error, requestId);
        context.Response.Headers["x-amzn-RequestId"] = requestId;
        context.Response.StatusCode = error.HttpStatus;
        context.Response.ContentType = "text/xml";
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body, context.RequestAborted);
    });
}
