using TokenBroker.Core.Errors;

namespace TokenBroker.Host.DataPlane;

/// <summary>Errors of the authorization endpoints' own callers (not of the forwarded request), in AWS JSON protocol wording.</summary>
internal static class DataPlaneErrors
{
    /// <summary>A body that is not JSON, or not the object the endpoint reads.</summary>
    public static StsError Serialization(string message) => new("SerializationException", 400, message);

    /// <summary>A field with a wrong value.</summary>
    public static StsError Validation(string message) => new("ValidationException", 400, message);

    /// <summary>A proxy key that is unknown, malformed or not the service's.</summary>
    public static StsError InvalidProxyKey() => new("AccessDenied", 403, ProxyKeyMessage);

    /// <summary>Whether the error is the proxy's own (its key), rather than a decision about the request it forwarded.</summary>
    public static bool IsProxyKeyError(StsError error) => error.Message == ProxyKeyMessage;

    private const string ProxyKeyMessage = "The proxy key is not valid for this service.";
}
