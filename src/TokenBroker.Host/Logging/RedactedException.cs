namespace TokenBroker.Host.Logging;

/// <summary>
/// Stands in for a logged exception: its message and its printed form (type, message, inner exceptions, stack) are the
/// original's, redacted. Exception messages may quote request input.
/// </summary>
internal sealed class RedactedException : Exception
{
    private readonly string _text;

    public RedactedException()
        : this(new InvalidOperationException())
    {
    }

    public RedactedException(string message)
        : this(new InvalidOperationException(message))
    {
    }

    public RedactedException(string message, Exception innerException)
        : this(new InvalidOperationException(message, innerException))
    {
    }

    public RedactedException(Exception original)
        : base(LogRedaction.Redact(original?.Message))
    {
        ArgumentNullException.ThrowIfNull(original);
        _text = LogRedaction.Redact(original.ToString());
    }

    public override string? StackTrace => null;

    public override string ToString() => _text;
}
