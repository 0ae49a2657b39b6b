using TokenBroker.Core.Authorization;

namespace TokenBroker.Host.Query;

/// <summary>
/// The facts of an HTTP request that an operation and its audit record need, built one way for every endpoint: the
/// STS and IAM Query endpoints, /authorize and the browser sign-in.
/// </summary>
internal static class CallContexts
{
    /// <summary>A call whose SigV4 credential scope named <paramref name="region"/> ("" when the caller did not authenticate).</summary>
    public static CallContext Signed(HttpContext context, string requestId, string region) => new(
        requestId,
        context.Connection.RemoteIpAddress?.ToString(),
        context.Request.Headers.UserAgent.Count > 0 ? context.Request.Headers.UserAgent.ToString() : null,
        context.Request.IsHttps,
        region);

    /// <summary>A call without AWS credentials (AssumeRoleWithSAML, AssumeRoleWithWebIdentity, the browser sign-in): the region is the endpoint's own.</summary>
    public static CallContext Unsigned(HttpContext context, string requestId, BrokerSettings settings) =>
        Signed(context, requestId, settings.EndpointRegion);
}
