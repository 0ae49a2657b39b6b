using System.Net;
using System.Text.Json;
using TokenBroker.Composition;
using TokenBroker.Core.Authentication.SigV4;
using TokenBroker.Core.DataPlane;
using TokenBroker.Core.Ports;

namespace TokenBroker.Host.DataPlane;

/// <summary>
/// An API Gateway HTTP API Lambda authorizer (REQUEST type, payload format 2.0, simple responses) that makes the
/// decision /authorize and /forward-auth make for the service TOKENBROKER_AUTHORIZER_SERVICE names. The event carries
/// no body, so the signature is checked against x-amz-content-sha256 (or the empty body's hash); the integration
/// checks the body against it (docs/authorize.md). Every malformed event, store outage or failure answers
/// <c>{"isAuthorized":false}</c>: nothing escapes to the runtime loop.
/// </summary>
internal sealed partial class LambdaAuthorizer(
    BrokerSettings settings, StoreLoader loader, IServiceProvider services, ILogger<LambdaAuthorizer> logger)
{
    private static readonly byte[] Denied = """{"isAuthorized":false}"""u8.ToArray();

    /// <summary>The simple response (JSON) to one authorizer event.</summary>
    public async Task<byte[]> HandleAsync(ReadOnlyMemory<byte> eventJson, CancellationToken cancellationToken)
    {
        try
        {
            if (!loader.IsLoaded || Parse(eventJson) is not { } request)
            {
                return Denied;
            }

            var directory = await services.GetRequiredService<DirectoryVersions>().CurrentAsync(cancellationToken);
            var service = directory.Snapshot.Services.FirstOrDefault(s => string.Equals(s.Prefix, settings.AuthorizerService, StringComparison.Ordinal));
            if (service is null)
            {
                LogNoService(logger);
                return Denied;
            }

            var decision = await services.GetRequiredService<DataPlaneAuthorizer>().DecideAsync(service, request, directory, settings.Regions, cancellationToken);
            if (!decision.IsAllowed || decision.Caller is null)
            {
                LogDenied(logger, decision.Error?.Code ?? (decision.IsExplicitDeny ? "ExplicitDeny" : "ImplicitDeny"));
                return Denied;
            }

            return Allowed(decision);
        }
        catch (Exception exception)
        {
            // Past the invocation's deadline too: an answer nobody reads is still a denial, never an escaped exception.
            LogFailed(logger, exception);
            return Denied;
        }
    }

    // The request the client signed, rebuilt from the event; null when any part the decision needs is missing or malformed.
    internal static DataPlaneRequest? Parse(ReadOnlyMemory<byte> eventJson)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(eventJson);
        }
        catch (JsonException)
        {
            return null;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || String(root, "version") != "2.0"
                || String(root, "type") != "REQUEST"
                || !root.TryGetProperty("requestContext", out var context) || context.ValueKind != JsonValueKind.Object
                || !context.TryGetProperty("http", out var http) || http.ValueKind != JsonValueKind.Object
                || String(http, "method") is not { Length: > 0 } method
                || String(root, "rawPath") is not { } path || !path.StartsWith('/')
                || String(context, "domainName") is not { Length: > 0 } host
                || !root.TryGetProperty("headers", out var headerObject) || headerObject.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            // rawQueryString is absent or "" without a query; anything but a string is malformed.
            var query = "";
            if (root.TryGetProperty("rawQueryString", out var rawQuery))
            {
                if (rawQuery.ValueKind != JsonValueKind.String)
                {
                    return null;
                }

                query = rawQuery.GetString()!;
            }

            // API Gateway lowercases names and comma-joins repeated headers, which is SigV4's canonical form of them.
            // The host is the domain API Gateway routed by (requestContext.domainName), never a header the client chose.
            var headers = new List<KeyValuePair<string, string>>();
            foreach (var header in headerObject.EnumerateObject())
            {
                if (header.Value.ValueKind != JsonValueKind.String)
                {
                    return null;
                }

                if (!string.Equals(header.Name, "host", StringComparison.OrdinalIgnoreCase))
                {
                    headers.Add(new(header.Name, header.Value.GetString()!));
                }
            }

            headers.Add(new("host", host));
            var payloadHash = AuthorizePayloadReader.PayloadHash(headers, null);
            if (!payloadHash.IsSuccess)
            {
                return null;
            }

            var signed = new SigV4Request(method, path, query, headers, ReadOnlyMemory<byte>.Empty) { PayloadHash = payloadHash.Value };
            var sourceIp = String(http, "sourceIp") is { } ip && IPAddress.TryParse(ip, out var address) ? address.ToString() : null;

            // HTTP APIs accept HTTPS only, so every request API Gateway authorizes came over TLS.
            return new DataPlaneRequest(signed, null, null, new Dictionary<string, IReadOnlyList<string>>(), sourceIp, true, String(http, "userAgent"));
        }
    }

    private static byte[] Allowed(DataPlaneDecision decision)
    {
        var caller = decision.Caller!;
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteBoolean("isAuthorized", true);
            json.WriteStartObject("context");
            json.WriteString("principalArn", caller.Arn.ToString());
            json.WriteString("account", caller.Account.Value);
            json.WriteString("userId", caller.UserId);
            json.WriteString("principalType", DecisionJson.PrincipalType(caller));
            json.WriteString("sessionName", DecisionJson.SessionName(caller) ?? "");
            json.WriteString("principalTags", DecisionJson.TagsObject(decision));
            json.WriteString("action", decision.Action);
            json.WriteString("resource", decision.Resource);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    [LoggerMessage(Level = LogLevel.Information, Message = "Lambda authorizer denied a request: {Reason}")]
    private static partial void LogDenied(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Lambda authorizer: the service named by TOKENBROKER_AUTHORIZER_SERVICE is not in the directory")]
    private static partial void LogNoService(ILogger logger);

    [LoggerMessage(Level = LogLevel.Error, Message = "Lambda authorizer failed; the request is denied")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
