using TokenBroker.Core.Errors;

namespace TokenBroker.Host.Hosting;

/// <summary>
/// A request body Kestrel stopped reading (below the minimum data rate, over its size backstop, broken chunking) is the
/// client's fault: it gets a 4xx answer and one warning, never a 500 and an error log.
/// </summary>
internal static partial class UnreadableBody
{
    /// <summary>The error for a body Kestrel refused: 408 for a timeout, 413 for the size backstop, 400 otherwise.</summary>
    public static StsError Error(BadHttpRequestException exception) => exception.StatusCode switch
    {
        StatusCodes.Status408RequestTimeout => StsErrors.RequestTimeout(),
        StatusCodes.Status413PayloadTooLarge => StsErrors.RequestEntityTooLarge("The request body is too large."),
        _ => StsErrors.MalformedQueryString("The request body could not be read."),
    };

    /// <summary>Logs the refusal as a warning, with the status Kestrel chose and no request content.</summary>
    [LoggerMessage(Level = LogLevel.Warning, Message = "Request {RequestId}: the request body could not be read (HTTP {StatusCode})")]
    public static partial void Log(ILogger logger, string requestId, int statusCode);
}
