using System.Net;
using Amazon.Runtime;
using TokenBroker.Core.Ports;

namespace TokenBroker.Aws;

/// <summary>
/// Translates AWS SDK failures of infrastructure (throttling, 5xx, timeouts, connection failures) into
/// <see cref="StoreUnavailableException"/>; answers that mean a bug or bad data pass through unchanged. Every call
/// goes through a <see cref="DependencyGuard"/>, which applies this translation inside its deadline and circuit.
/// </summary>
internal static class AwsFaults
{
    // Error codes AWS uses for throttling (DynamoDB and KMS API references, "Common Errors").
    private static readonly HashSet<string> ThrottlingCodes = new(StringComparer.Ordinal)
    {
        "ThrottlingException",
        "Throttling",
        "ProvisionedThroughputExceededException",
        "RequestLimitExceeded",
        "LimitExceededException",
        "TooManyRequestsException",
    };

    /// <summary>The unavailability an SDK failure means, or null for an answer that means a bug, bad data or a caller that went away.</summary>
    public static StoreUnavailableException? Translate(string service, Exception exception, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return null;
        }

        return exception switch
        {
            AmazonServiceException { ErrorCode: { } code } when ThrottlingCodes.Contains(code) =>
                new StoreUnavailableException($"{service} throttled the request.", isThrottled: true, exception),
            AmazonServiceException { StatusCode: >= HttpStatusCode.InternalServerError } =>
                new StoreUnavailableException($"{service} failed.", isThrottled: false, exception),
            HttpRequestException or TimeoutException or TaskCanceledException or OperationCanceledException or IOException =>
                new StoreUnavailableException($"{service} is unreachable.", isThrottled: false, exception),
            // No credentials found, a bad endpoint setting: the SDK refused before sending anything.
            AmazonClientException { InnerException: null } =>
                new StoreUnavailableException($"{service} could not be called.", isThrottled: false, exception),
            AmazonClientException =>
                new StoreUnavailableException($"{service} is unreachable.", isThrottled: false, exception),
            _ => null,
        };
    }
}
