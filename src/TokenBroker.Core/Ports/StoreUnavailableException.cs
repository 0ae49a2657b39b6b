namespace TokenBroker.Core.Ports;

/// <summary>
/// A store the request depends on (revocation cutoffs, audit log) failed; the Host answers ServiceUnavailable and
/// logs the inner exception, and nothing is accepted or issued (ARCHITECTURE.md §10: fail closed).
/// </summary>
public sealed class StoreUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public StoreUnavailableException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public StoreUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Wraps the store's own failure.</summary>
    public StoreUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
