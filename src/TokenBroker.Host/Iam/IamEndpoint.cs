using TokenBroker.Core.Audit;
using TokenBroker.Core.Authentication;
using TokenBroker.Core.Authentication.SigV4;
using TokenBroker.Core.Errors;
using TokenBroker.Core.Iam;
using TokenBroker.Core.Ports;
using TokenBroker.Core.Protocol;
using TokenBroker.Core.Usage;
using TokenBroker.Host.Query;
using TokenBroker.Host.Throttling;

namespace TokenBroker.Host.Iam;

/// <summary>
/// The IAM Query protocol on the broker's one endpoint: requests naming Version 2010-05-08 come here from the STS
/// endpoint once their parameters are decoded. Every IAM action is signed with the SigV4 service <c>iam</c>; the
/// region is us-east-1 (IAM's global endpoint signs there) or one of the broker's own regions (a CLI with
/// <c>--region X --endpoint-url</c> signs with X). Replies use IAM's namespace, errors IAM's envelope.
/// </summary>
internal sealed partial class IamEndpoint
{
    /// <summary>The IAM API version.</summary>
    public const string ApiVersion = "2010-05-08";

    /// <summary>The SigV4 service name of IAM (the model's endpointPrefix).</summary>
    public const string Service = "iam";

    /// <summary>The signing region of IAM's global endpoint (endpoint-rule-set-1.json, partition aws).</summary>
    public const string GlobalRegion = "us-east-1";

    private readonly CallerAuthenticator _authenticator;
    private readonly DirectoryVersions _directories;
    private readonly IamOperations _operations;
    private readonly RequestThrottle _throttle;
    private readonly ILogger<IamEndpoint> _logger;
    private readonly HashSet<string> _regions;
    private readonly UsageRecorder _usage;
    private readonly IamAudit _audit;

    public IamEndpoint(
        BrokerSettings settings,
        CallerAuthenticator authenticator,
        DirectoryVersions directories,
        IamOperations operations,
        RequestThrottle throttle,
        UsageRecorder usage,
        IamAudit audit,
        ILogger<IamEndpoint> logger)
    {
        _audit = audit;
        _usage = usage;
        _authenticator = authenticator;
        _directories = directories;
        _operations = operations;
        _throttle = throttle;
        _logger = logger;
        _regions = new HashSet<string>(settings.Regions, StringComparer.Ordinal) { GlobalRegion };
    }

    /// <summary>Runs one IAM request whose parameters are decoded; never throws for bad input or a failing store.</summary>
    public async Task<StsReply> ProcessAsync(HttpContext context, SigV4Request request, QueryParameters parameters, string action, string requestId)
    {
        try
        {
            return await RunAsync(context, request, parameters, action, requestId);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !context.RequestAborted.IsCancellationRequested)
        {
            LogUnexpected(_logger, exception, requestId);
            RequestThrottle.ExcludeFromFailures(context);
            return Failure(action, exception switch
            {
                // Nothing was read or written in part (fail closed), and the client may retry.
                StoreUnavailableException { IsThrottled: true } => StsErrors.Throttling("Rate exceeded"),
                StoreUnavailableException or TimeoutException or OperationCanceledException => StsErrors.ServiceUnavailable(),
                _ when Composition.StoreFailures.IsUnavailable(exception) => StsErrors.ServiceUnavailable(),
                _ => IamErrors.ServiceFailure("The request processing has failed because of an unknown error, exception or failure."),
            });
        }
    }

    private async Task<StsReply> RunAsync(HttpContext context, SigV4Request request, QueryParameters parameters, string action, string requestId)
    {
        if (_operations.Find(action) is not { } entry)
        {
            return Failure(action, StsErrors.InvalidAction($"Could not find operation {action} for version {ApiVersion}"));
        }

        // Everything this request reads from the directory comes from this one version.
        var directory = await _directories.CurrentAsync(context.RequestAborted);
        var caller = await _authenticator.AuthenticateAsync(request, Service, _regions, directory, context.RequestAborted);
        if (!caller.IsSuccess)
        {
            // Refused before any policy was read: recorded for every action (docs/iam.md, "Audit").
            await _audit.RecordAsync(action, null, CallContexts.Signed(context, requestId, ""), IamAudit.RequestParameters(parameters), null,
                caller.Error, context.RequestAborted);
            return Failure(action, caller.Error);
        }

        // Charged after authentication, so that a forged request cannot spend another key's allowance.
        if (!_throttle.TryAcquireKey(caller.Value.AccessKeyId.Value))
        {
            _throttle.CountThrottled("access_key");
            RequestThrottle.ExcludeFromFailures(context);
            return Failure(action, RequestThrottleMiddleware.Throttled);
        }

        // Every authenticated attempt counts, allowed or not, as in IAM's last-accessed data; recording never waits.
        _usage.Record(caller.Value, Service, action, caller.Value.Region);
        var call = new IamCall(caller.Value, directory, CallContexts.Signed(context, requestId, caller.Value.Region));
        var reply = await entry.RunAsync(new IamRequest(call, parameters), context.RequestAborted);

        // Every write and every AccessDenied is recorded before the answer leaves; a record that cannot be written
        // fails the request (ServiceUnavailable), so a new key's secret is never handed out unaudited.
        if (IamAudit.ShouldRecord(action, authenticated: true, reply.Error))
        {
            try
            {
                await _audit.RecordAsync(action, caller.Value, call.Context, IamAudit.RequestParameters(parameters), reply.Value, reply.Error,
                    context.RequestAborted);
            }
            catch (StoreUnavailableException) when (reply.Compensation is { } compensation)
            {
                // The secret or seed will never be handed out, so what the write created is removed again: otherwise an
                // unusable key would still count toward the user's two (docs/iam.md, "Audit"). The caller gets the
                // audit failure's answer (ServiceUnavailable) all the same.
                await CompensateAsync(compensation, requestId);
                throw;
            }
        }

        return reply;
    }

    // Not bound to the request's cancellation, so it finishes once begun; a failure here is logged for the operator and
    // never replaces the audit failure the caller is answered with.
    private async Task CompensateAsync(WriteCompensation compensation, string requestId)
    {
        try
        {
            if (await compensation.RunAsync(CancellationToken.None))
            {
                LogCompensated(_logger, requestId, compensation.Created);
                return;
            }

            LogNotCompensated(_logger, null, requestId, compensation.Created);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            LogNotCompensated(_logger, exception, requestId, compensation.Created);
        }
    }

    private static StsReply Failure(string action, StsError error) => new(action, null, error, IamXml.Namespace);

    [LoggerMessage(Level = LogLevel.Warning, Message = "IAM request {RequestId} could not be audited: removed the {Created} it had created")]
    private static partial void LogCompensated(ILogger logger, string requestId, string created);

    [LoggerMessage(Level = LogLevel.Error, Message = "IAM request {RequestId} could not be audited, and the {Created} it created could not be removed: delete it")]
    private static partial void LogNotCompensated(ILogger logger, Exception? exception, string requestId, string created);

    [LoggerMessage(Level = LogLevel.Error, Message = "IAM request {RequestId} failed unexpectedly")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string requestId);
}
