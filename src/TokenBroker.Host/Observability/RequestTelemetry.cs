using System.Diagnostics;
using TokenBroker.Host.Query;

namespace TokenBroker.Host.Observability;

/// <summary>
/// What every STS request leaves behind: a span (action, outcome, error code; store and KMS calls are its children),
/// a latency sample per action, and one log event with request id, action, caller ARN, outcome, error code and
/// latency. The action is the table's name or <c>unknown</c>: a client-sent name never becomes a label.
/// </summary>
internal sealed partial class RequestTelemetry(BrokerMetrics metrics, StsOperations operations, ILogger<RequestTelemetry> logger)
{
    private static readonly object CallerKey = new();

    /// <summary>Starts observing one request.</summary>
    public ObservedRequest Begin(HttpContext context, string requestId)
    {
        var activity = BrokerActivity.Source.StartActivity("sts.request", ActivityKind.Internal);
        activity?.SetTag("tokenbroker.request_id", requestId);
        return new ObservedRequest(this, context, requestId, activity, TimeProvider.System.GetTimestamp());
    }

    /// <summary>Names the authenticated caller for the request's log event and span.</summary>
    public static void SetCaller(HttpContext context, string callerArn) => context.Items[CallerKey] = callerArn;

    internal void Complete(ObservedRequest request, StsReply reply)
    {
        var elapsed = TimeProvider.System.GetElapsedTime(request.Started);
        var action = operations.Find(reply.Action) is not null ? reply.Action : "unknown";
        var outcome = reply.Error is null ? "success" : "error";
        var errorCode = reply.Error?.Code;
        var caller = request.Context.Items.TryGetValue(CallerKey, out var arn) ? arn as string : null;
        metrics.RequestDuration(action, outcome, elapsed);
        if (request.Activity is { } activity)
        {
            activity.DisplayName = action;
            activity.SetTag("tokenbroker.action", action);
            activity.SetTag("tokenbroker.outcome", outcome);
            activity.SetTag("tokenbroker.error_code", errorCode);
            activity.SetStatus(reply.Error is { HttpStatus: >= 500 } ? ActivityStatusCode.Error : ActivityStatusCode.Ok);
        }

        LogRequest(logger, request.RequestId, action, caller ?? "-", outcome, errorCode ?? "-", elapsed.TotalMilliseconds);
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information,
        Message = "Request {RequestId} {Action} by {CallerArn}: {Outcome} {ErrorCode} in {LatencyMs:0.0} ms")]
    private static partial void LogRequest(ILogger logger, string requestId, string action, string callerArn, string outcome, string errorCode, double latencyMs);
}
