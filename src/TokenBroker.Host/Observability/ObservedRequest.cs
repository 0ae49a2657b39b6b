using System.Diagnostics;
using TokenBroker.Host.Query;

namespace TokenBroker.Host.Observability;

/// <summary>One STS request being observed; <see cref="Complete"/> records it once, disposing ends the span.</summary>
internal sealed class ObservedRequest(RequestTelemetry telemetry, HttpContext context, string requestId, Activity? activity, long started) : IDisposable
{
    public HttpContext Context { get; } = context;

    public string RequestId { get; } = requestId;

    public Activity? Activity { get; } = activity;

    public long Started { get; } = started;

    /// <summary>Records the reply (span tags, latency, the request's log event).</summary>
    public void Complete(StsReply reply) => telemetry.Complete(this, reply);

    public void Dispose() => Activity?.Dispose();
}
