namespace TokenBroker.Core.Ports;

/// <summary>
/// A store or the root key service did not answer, answered too slowly, or throttled the broker. Adapters throw it so
/// the Host can fail closed with ServiceUnavailable or Throttling without knowing any cloud SDK.
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

    /// <summary>Creates the exception with a message and its cause.</summary>
    public StoreUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a dependency that throttled (true) or failed (false).</summary>
    public StoreUnavailableException(string message, bool isThrottled, Exception innerException)
        : base(message, innerException) => IsThrottled = isThrottled;

    /// <summary>Whether the dependency throttled the broker (Throttling) rather than failing (ServiceUnavailable).</summary>
    public bool IsThrottled { get; }
}
