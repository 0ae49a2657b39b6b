using System.Net;
using TokenBroker.Core.Authentication.SigV4;
using TokenBroker.Core.Authorization;
using TokenBroker.Core.DataPlane;
using TokenBroker.Core.Errors;
using TokenBroker.Core.Ports;
using TokenBroker.Host.Query;

namespace TokenBroker.Host.DataPlane;

/// <summary>
/// /forward-auth/{prefix}: the decision for reverse proxies that ask before forwarding (nginx auth_request, Caddy
/// forward_auth, Traefik ForwardAuth, Envoy ext_authz in HTTP mode). The proxy authenticates with its proxy key; the
/// original method, URI and host come from X-Original-* (nginx), X-Forwarded-* (Caddy, Traefik) or, for Envoy, the
/// request itself (method, and the path after the prefix). 200 with X-TokenBroker-* headers allows; 401 (did not
/// authenticate) and 403 (denied) carry AWS-style XML. No body reaches here, so x-amz-content-sha256 (or the empty
/// body's hash) is what the signature is checked with; the upstream checks the body against it (docs/authorize.md).
/// </summary>
internal sealed partial class ForwardAuthEndpoint(
    BrokerSettings settings, DirectoryVersions directories, DataPlaneAuthorizer authorizer, ILogger<ForwardAuthEndpoint> logger)
{
    /// <summary>The route prefix; Envoy's path_prefix is /forward-auth/{prefix}.</summary>
    public const string Route = "/forward-auth";

    /// <summary>Handles one check.</summary>
    public async Task HandleAsync(HttpContext context, string prefix)
    {
        var requestId = RequestIds.New();
        context.Response.Headers["x-amzn-RequestId"] = requestId;
        StsError? error;
        try
        {
            error = await ProcessAsync(context, prefix);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !context.RequestAborted.IsCancellationRequested)
        {
            LogUnexpected(logger, exception, requestId);
            error = DataPlaneFailures.Map(exception);
        }

        if (error is null)
        {
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentLength = 0;
            return;
        }

        // A denial is a decision about the client behind the proxy, not a failure of the proxy: counted against the
        // proxy's address, a few bad clients would throttle every request that proxy forwards.
        if (!DataPlaneErrors.IsProxyKeyError(error))
        {
            Throttling.RequestThrottle.ExcludeFromFailures(context);
        }

        // nginx honours only 401 and 403 (anything else becomes a 500 to the client), so every refusal is one of them.
        var body = StsXml.Error(error, requestId);
        context.Response.StatusCode = error.HttpStatus == StatusCodes.Status401Unauthorized || IsAuthentication(error)
            ? StatusCodes.Status401Unauthorized
            : StatusCodes.Status403Forbidden;
        context.Response.ContentType = "text/xml";
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body, context.RequestAborted);
    }

    private async Task<StsError?> ProcessAsync(HttpContext context, string prefix)
    {
        var directory = await directories.CurrentAsync(context.RequestAborted);
        var request = context.Request;
        var service = request.Headers[ProxyKeys.Header] is { Count: 1 } key ? ProxyKeys.Find(directory, key.ToString()) : null;
        if (service is null || !string.Equals(service.Prefix, prefix, StringComparison.Ordinal))
        {
            return DataPlaneErrors.InvalidProxyKey();
        }

        var headers = new List<KeyValuePair<string, string>>(request.Headers.Count + 2);
        foreach (var (name, values) in request.Headers)
        {
            if (!string.Equals(name, "Host", StringComparison.OrdinalIgnoreCase) && !string.Equals(name, "Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                foreach (var value in values)
                {
                    headers.Add(new(name, value ?? ""));
                }
            }
        }

        // One family of original-request headers, never a mix: Caddy and Traefik pass the client's own headers on, so a
        // client could add X-Original-* behind them (and X-Forwarded-* behind nginx) to have another request decided.
        var original = Present(request, "X-Original-Method") || Present(request, "X-Original-URI") || Present(request, "X-Original-Host");
        var forwardedFamily = Present(request, "X-Forwarded-Method") || Present(request, "X-Forwarded-Uri");
        if (original && forwardedFamily)
        {
            return StsErrors.AccessDenied("The request carries both X-Original-* and X-Forwarded-* headers; the proxy must send one family only.");
        }

        var family = original ? "X-Original-" : "X-Forwarded-";
        var method = original || forwardedFamily ? Single(request, family + "Method") : request.Method;
        var uri = original ? Single(request, "X-Original-URI") : forwardedFamily ? Single(request, "X-Forwarded-Uri") : EnvoyUri(context, prefix);
        var host = (original || forwardedFamily ? Single(request, family + "Host") : null) ?? request.Host.Value ?? "";
        if (method is null || uri is null)
        {
            return StsErrors.UnknownOperation("The proxy did not pass the original method and URI once each.");
        }

        headers.Add(new("Host", host));

        // The proxy clears Content-Length for its body-less check; the client may have signed the original value.
        if (First(request, "X-Original-Content-Length") is { Length: > 0 } length)
        {
            headers.Add(new("Content-Length", length));
        }

        if (!uri.StartsWith('/'))
        {
            return StsErrors.UnknownOperation("The proxy did not pass the original request URI.");
        }

        var question = uri.IndexOf('?', StringComparison.Ordinal);
        var payloadHash = AuthorizePayloadReader.PayloadHash(headers, null);
        var signed = new SigV4Request(method, question < 0 ? uri : uri[..question], question < 0 ? "" : uri[(question + 1)..], headers,
            ReadOnlyMemory<byte>.Empty) { PayloadHash = payloadHash.Value };
        var proto = First(request, "X-Original-Proto") ?? First(request, "X-Forwarded-Proto");
        var forwarded = new DataPlaneRequest(signed, null, null, new Dictionary<string, IReadOnlyList<string>>(), ClientAddress(request),
            string.Equals(proto, "https", StringComparison.OrdinalIgnoreCase), First(request, "User-Agent"));
        var decision = await authorizer.DecideAsync(service, forwarded, directory, settings.Regions, context.RequestAborted);
        if (decision.Error is { } error)
        {
            return error;
        }

        if (!decision.IsAllowed)
        {
            return StsErrors.AccessDenied(DeniedMessage(decision));
        }

        var caller = decision.Caller!;
        var response = context.Response.Headers;
        response["X-TokenBroker-Principal-Arn"] = caller.Arn.ToString();
        response["X-TokenBroker-Account"] = caller.Account.Value;
        response["X-TokenBroker-User-Id"] = caller.UserId;
        response["X-TokenBroker-Principal-Type"] = DecisionJson.PrincipalType(caller);
        response["X-TokenBroker-Session-Name"] = DecisionJson.SessionName(caller) ?? "";
        response["X-TokenBroker-Principal-Tags"] = Uri.EscapeDataString(DecisionJson.TagsObject(decision));
        response["X-TokenBroker-Action"] = decision.Action;
        return null;
    }

    /// <summary>AWS's AccessDenied text with the encoded message at the end, as EC2's is.</summary>
    internal static string DeniedMessage(DataPlaneDecision decision)
    {
        var text = AccessDeniedMessage.NotAuthorized(decision.Caller!.Arn.ToString(), decision.Action!, decision.Resource!)
            + (decision.IsExplicitDeny
                ? $" with an explicit deny in a {PolicyType(decision.MatchedStatements)} policy"
                : $" because no identity-based policy allows the {decision.Action} action");
        return $"{text}. Encoded authorization failure message: {decision.EncodedMessage}";
    }

    private static string PolicyType(IReadOnlyList<string> statements) =>
        (statements.Count > 0 ? statements[0] : null) switch
        {
            { } s when s.StartsWith("resource", StringComparison.Ordinal) => "resource-based",
            { } s when s.StartsWith("boundary", StringComparison.Ordinal) => "permissions boundary",
            { } s when s.StartsWith("session", StringComparison.Ordinal) => "session",
            _ => "identity-based",
        };

    private static bool IsAuthentication(StsError error) => error.Code is "SignatureDoesNotMatch" or "InvalidClientTokenId" or "ExpiredToken"
        or "ExpiredTokenException" or "MissingAuthenticationToken" or "IncompleteSignature" or "RequestExpired";

    // Envoy keeps the method and appends the original path to path_prefix (reference/dataplane.md §4).
    private static string EnvoyUri(HttpContext context, string prefix)
    {
        var target = context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()?.RawTarget ?? "";
        var start = Route + "/" + prefix;
        return target.StartsWith(start, StringComparison.Ordinal) ? target[start.Length..] : "";
    }

    // The proxy appends the address it saw last; earlier entries came from the client and prove nothing.
    private static string? ClientAddress(HttpRequest request)
    {
        var value = First(request, "X-Real-IP") ?? request.Headers["X-Forwarded-For"].ToString().Split(',').LastOrDefault()?.Trim();
        return IPAddress.TryParse(value, out var address) ? address.ToString() : null;
    }

    private static string? First(HttpRequest request, string name) => request.Headers[name] is { Count: > 0 } values ? values[0] : null;

    private static bool Present(HttpRequest request, string name) => request.Headers[name].Count > 0;

    // A header the decision depends on must come exactly once; two values are ambiguous.
    private static string? Single(HttpRequest request, string name) => request.Headers[name] is { Count: 1 } values ? values[0] : null;

    [LoggerMessage(Level = LogLevel.Error, Message = "Forward-auth request {RequestId} failed unexpectedly")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string requestId);
}
