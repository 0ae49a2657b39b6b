using TokenBroker.Core.Audit;
using TokenBroker.Core.Authentication;
using TokenBroker.Core.Authorization;
using TokenBroker.Core.Authentication.SigV4;
using TokenBroker.Core.Errors;
using TokenBroker.Core.Ports;
using TokenBroker.Core.Protocol;
using TokenBroker.Core.Usage;
using TokenBroker.Host.Throttling;
using TokenBroker.Composition;
using TokenBroker.Host.Hosting;
using TokenBroker.Host.Observability;

namespace TokenBroker.Host.Query;

/// <summary>
/// The STS Query endpoint: read the request, decode parameters, check Action and Version, authenticate the caller,
/// run the operation and render XML. Every response carries x-amzn-RequestId; no input produces a 500.
/// </summary>
internal sealed partial class StsEndpoint(
    BrokerSettings settings,
    CallerAuthenticator authenticator,
    DirectoryVersions directories,
    StsOperations operations,
    CredentialAudit audit,
    RequestThrottle throttle,
    RequestTelemetry telemetry,
    UsageRecorder usage,
    Iam.IamEndpoint iam,
    ILogger<StsEndpoint> logger)
{
    /// <summary>The API version every request must name.</summary>
    public const string ApiVersion = "2011-06-15";

    /// <summary>Handles one request end to end.</summary>
    public async Task HandleAsync(HttpContext context)
    {
        var requestId = RequestIds.New();
        context.Response.Headers["x-amzn-RequestId"] = requestId;
        using var observed = telemetry.Begin(context, requestId);
        StsReply reply;
        try
        {
            reply = await ProcessAsync(context, requestId);
        }
        catch (BadHttpRequestException exception)
        {
            UnreadableBody.Log(logger, requestId, exception.StatusCode);
            reply = StsReply.Failure("", UnreadableBody.Error(exception));
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !context.RequestAborted.IsCancellationRequested)
        {
            LogUnexpected(logger, exception, requestId);
            RequestThrottle.ExcludeFromFailures(context);
            reply = StsReply.Failure("", exception switch
            {
                // A store or KMS that throttles or fails: nothing was issued (fail closed), and the client may retry.
                StoreUnavailableException { IsThrottled: true } => StsErrors.Throttling("Rate exceeded"),
                StoreUnavailableException or TimeoutException or OperationCanceledException => StsErrors.ServiceUnavailable(),
                _ when StoreFailures.IsUnavailable(exception) => StsErrors.ServiceUnavailable(),
                _ => StsErrors.InternalFailure(),
            });
        }

        observed.Complete(reply);
        await WriteAsync(context, reply, requestId);
    }

    private async Task<StsReply> ProcessAsync(HttpContext context, string requestId)
    {
        var read = await HttpRequestReader.ReadAsync(context, settings.MaxBodyBytes);
        if (!read.IsSuccess)
        {
            return StsReply.Failure("", read.Error);
        }

        var request = read.Value;
        var sources = HttpMethods.IsPost(request.Method)
            ? new[] { request.RawQuery, HttpRequestReader.FormText(context, request.Body) }
            : [request.RawQuery];
        var parameters = QueryParameters.Parse(sources);
        if (!parameters.IsSuccess)
        {
            return StsReply.Failure("", parameters.Error);
        }

        var action = parameters.Value["Action"];
        if (string.IsNullOrEmpty(action))
        {
            return StsReply.Failure("", StsErrors.MissingAction());
        }

        var version = parameters.Value["Version"];
        if (string.Equals(version, Iam.IamEndpoint.ApiVersion, StringComparison.Ordinal))
        {
            return await iam.ProcessAsync(context, request, parameters.Value, action, requestId);
        }

        if (!string.Equals(version, ApiVersion, StringComparison.Ordinal) || operations.Find(action) is not { } entry)
        {
            return StsReply.Failure(action, StsErrors.InvalidAction(
                $"Could not find operation {action} for version {(string.IsNullOrEmpty(version) ? "NO_VERSION_SPECIFIED" : version)}"));
        }

        // Everything this request reads from the directory comes from this one version.
        var directory = await directories.CurrentAsync(context.RequestAborted);
        if (!entry.Signed)
        {
            // No credentials are checked; the region is the endpoint's own.
            var unsignedCall = CallContexts.Unsigned(context, requestId, settings);
            return await entry.RunAsync(new StsRequest(null, directory, parameters.Value, unsignedCall), context.RequestAborted);
        }

        var caller = await authenticator.AuthenticateAsync(request, directory, context.RequestAborted);
        if (!caller.IsSuccess)
        {
            // A refused credential request is audited even when the caller could not be authenticated (revoked or
            // expired session credentials, bad signatures): these are the attempts an operator most wants to see.
            if (entry.IssuesCredentials)
            {
                await audit.RecordRefusalAsync(action, null, CallContexts.Signed(context, requestId, ""), AuditedRequest.From(parameters.Value), caller.Error, context.RequestAborted);
            }

            return StsReply.Failure(action, caller.Error);
        }

        RequestTelemetry.SetCaller(context, caller.Value.Arn.ToString());

        // Charged after authentication, so that a forged request cannot spend another key's allowance; refused before
        // the operation and its audit record, the expensive part.
        if (!throttle.TryAcquireKey(caller.Value.AccessKeyId.Value))
        {
            throttle.CountThrottled("access_key");
            RequestThrottle.ExcludeFromFailures(context);
            return StsReply.Failure(action, RequestThrottleMiddleware.Throttled);
        }

        // Every authenticated attempt counts, allowed or not, as in IAM's last-accessed data; recording never waits.
        usage.Record(caller.Value, "sts", action, caller.Value.Region);
        var call = CallContexts.Signed(context, requestId, caller.Value.Region);
        return await entry.RunAsync(new StsRequest(caller.Value, directory, parameters.Value, call), context.RequestAborted);
    }

    private static async Task WriteAsync(HttpContext context, StsReply reply, string requestId)
    {
        var response = context.Response;
        XmlBody body;
        if (reply.Error is { } error)
        {
            response.StatusCode = error.HttpStatus;
            var bytes = StsXml.Error(error, requestId, reply.Namespace);
            body = new XmlBody(bytes, bytes.Length, pooled: false);
        }
        else
        {
            response.StatusCode = StatusCodes.Status200OK;
            body = StsXml.Success(reply.Action, requestId, reply.WriteResult!, reply.Namespace, reply.HasResult);
        }

        using (body)
        {
            response.ContentType = "text/xml";
            response.ContentLength = body.Length;
            await response.Body.WriteAsync(body.Memory, context.RequestAborted);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Request {RequestId} failed unexpectedly")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string requestId);
}
