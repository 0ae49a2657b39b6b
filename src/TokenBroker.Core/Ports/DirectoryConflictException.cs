namespace TokenBroker.Core.Ports;

/// <summary>A replace found the directory at another version than the one its change was computed from; nothing was written.</summary>
public sealed class DirectoryConflictException : Exception
{
    /// <summary>Creates the exception with the standard message.</summary>
    public DirectoryConflictException()
        : base("The directory changed since it was read; nothing was written.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public DirectoryConflictException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public DirectoryConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
