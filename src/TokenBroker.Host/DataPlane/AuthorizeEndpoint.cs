using TokenBroker.Core.Authentication;
using TokenBroker.Core.DataPlane;
using TokenBroker.Core.Errors;
using TokenBroker.Core.Model;
using TokenBroker.Core.Ports;
using TokenBroker.Host.Query;

namespace TokenBroker.Host.DataPlane;

/// <summary>
/// POST /authorize: authenticate the caller (a proxy key, or SigV4 for service "tokenbroker" with
/// tokenbroker:AuthorizeRequest), read the forwarded request, find its service, decide. Caller and body problems are
/// JSON errors with their status (never 500); a decision is always 200 with "Allow" or "Deny".
/// </summary>
internal sealed partial class AuthorizeEndpoint(
    BrokerSettings settings,
    CallerAuthenticator authenticator,
    DirectoryVersions directories,
    AuthorizeCallerCheck callerCheck,
    DataPlaneAuthorizer authorizer,
    ILogger<AuthorizeEndpoint> logger)
{
    /// <summary>The largest /authorize body: a forwarded request's headers and context, never its body.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    /// <summary>Handles one request end to end.</summary>
    public async Task HandleAsync(HttpContext context)
    {
        var requestId = RequestIds.New();
        context.Response.Headers["x-amzn-RequestId"] = requestId;
        (int Status, byte[] Body) reply;
        try
        {
            reply = await ProcessAsync(context, requestId);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !context.RequestAborted.IsCancellationRequested)
        {
            LogUnexpected(logger, exception, requestId);
            var error = DataPlaneFailures.Map(exception);
            reply = (error.HttpStatus, DecisionJson.Error(error));
        }

        context.Response.StatusCode = reply.Status;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = reply.Body.Length;
        await context.Response.Body.WriteAsync(reply.Body, context.RequestAborted);
    }

    private async Task<(int, byte[])> ProcessAsync(HttpContext context, string requestId)
    {
        var read = await HttpRequestReader.ReadAsync(context, MaxBodyBytes);
        if (!read.IsSuccess)
        {
            return Fail(read.Error);
        }

        var directory = await directories.CurrentAsync(context.RequestAborted);
        ServiceCatalog? keyService = null;
        Caller? caller = null;
        if (context.Request.Headers[ProxyKeys.Header] is { Count: > 0 } proxyKey)
        {
            keyService = ProxyKeys.Find(directory, proxyKey.ToString());
            if (keyService is null)
            {
                return Fail(DataPlaneErrors.InvalidProxyKey());
            }
        }
        else
        {
            var authenticated = await authenticator.AuthenticateAsync(read.Value, "tokenbroker", settings.Regions, directory, context.RequestAborted);
            if (!authenticated.IsSuccess)
            {
                return Fail(authenticated.Error);
            }

            caller = authenticated.Value;
        }

        var payload = AuthorizePayloadReader.Read(read.Value.Body);
        if (!payload.IsSuccess)
        {
            return Fail(payload.Error);
        }

        var prefix = Prefix(payload.Value, keyService);
        if (prefix is null)
        {
            return Fail(DataPlaneErrors.Validation("Name the service: give 'action' (prefix:Name), or forward a request signed with SigV4."));
        }

        var service = directory.FindService(prefix);
        if (keyService is not null && !ReferenceEquals(service, keyService))
        {
            return Fail(DataPlaneErrors.InvalidProxyKey());
        }

        if (caller is not null && callerCheck.Check(caller, prefix, service, directory, CallContexts.Signed(context, requestId, caller.Region)) is { } denied)
        {
            return Fail(denied);
        }

        var foreign = payload.Value.Context.Keys.FirstOrDefault(k => !k.StartsWith(service!.Prefix + ":", StringComparison.OrdinalIgnoreCase));
        if (foreign is not null)
        {
            return Fail(DataPlaneErrors.Validation($"Context key '{foreign}' is not one of service {service!.Prefix}'s; the broker sets the global keys itself."));
        }

        var request = new DataPlaneRequest(payload.Value.Request, payload.Value.Action, payload.Value.Resource, payload.Value.Context,
            payload.Value.SourceIp, payload.Value.SecureTransport, payload.Value.UserAgent);
        var decision = await authorizer.DecideAsync(service!, request, directory, settings.Regions, context.RequestAborted);
        return (StatusCodes.Status200OK, DecisionJson.Decision(decision));
    }

    // The action's prefix when given; else the proxy key's service; else the forwarded request's SigV4 scope.
    private static string? Prefix(AuthorizePayload payload, ServiceCatalog? keyService)
    {
        if (payload.Action is { } action)
        {
            var colon = action.IndexOf(':', StringComparison.Ordinal);
            return colon > 0 ? action[..colon] : null;
        }

        return keyService?.Prefix ?? ScopeService.Read(payload.Request);
    }

    private static (int, byte[]) Fail(StsError error) => (error.HttpStatus, DecisionJson.Error(error));

    [LoggerMessage(Level = LogLevel.Error, Message = "Authorization request {RequestId} failed unexpectedly")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string requestId);
}
