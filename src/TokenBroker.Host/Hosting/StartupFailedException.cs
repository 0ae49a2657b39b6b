namespace TokenBroker.Host.Hosting;

/// <summary>The broker cannot start; the message is the one line to log (no stack trace: the cause is outside the code).</summary>
public sealed class StartupFailedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public StartupFailedException()
    {
    }

    /// <summary>Creates the exception with its one-line message.</summary>
    public StartupFailedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its one-line message and cause.</summary>
    public StartupFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
