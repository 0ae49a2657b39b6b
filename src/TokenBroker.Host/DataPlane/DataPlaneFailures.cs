using TokenBroker.Composition;
using TokenBroker.Core.Errors;
using TokenBroker.Core.Ports;

namespace TokenBroker.Host.DataPlane;

/// <summary>What an unexpected failure of an authorization endpoint answers: nothing is allowed (fail closed), and the client may retry.</summary>
internal static class DataPlaneFailures
{
    /// <summary>Throttling, ServiceUnavailable for a store or KMS that is down, RequestEntityTooLarge for an unreadable body, else InternalFailure.</summary>
    public static StsError Map(Exception exception) => exception switch
    {
        BadHttpRequestException bad => Hosting.UnreadableBody.Error(bad),
        StoreUnavailableException { IsThrottled: true } => StsErrors.Throttling("Rate exceeded"),
        StoreUnavailableException or TimeoutException or OperationCanceledException => StsErrors.ServiceUnavailable(),
        _ when StoreFailures.IsUnavailable(exception) => StsErrors.ServiceUnavailable(),
        _ => StsErrors.InternalFailure(),
    };
}
