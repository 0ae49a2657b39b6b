using System.Net;
using Amazon.Runtime;
using TokenBroker.Core.Ports;

namespace TokenBroker.Aws;

/// <summary>
/// Translates AWS SDK failures of infrastructure (throttling, 5xx, timeouts, connection failures) into
/// <see cref="StoreUnavailableException"/>; answers that mean a bug or bad data pass through unchanged.
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

    public static async Task<T> RunAsync<T>(string service, Func<Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call();
        }
        catch (Exception exception) when (Translate(service, exception, cancellationToken) is { } unavailable)
        {
            throw unavailable;
        }
    }

    public static async Task RunAsync(string service, Func<Task> call, CancellationToken cancellationToken) =>
        await RunAsync(service, async () =>
        {
            await call();
            return true;
        }, cancellationToken);

    private static StoreUnavailableException? Translate(string service, Exception exception, CancellationToken cancellationToken)
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
