namespace TokenBroker.Core.Errors;

/// <summary>An STS error as AWS puts it on the wire: code, HTTP status and one-sentence message.</summary>
public sealed record StsError(string Code, int HttpStatus, string Message)
{
    /// <summary>Sender for client faults (4xx), Receiver for service faults (5xx), as the Query protocol says.</summary>
    public string Type => HttpStatus >= 500 ? "Receiver" : "Sender";
}
