namespace TokenBroker.Embedded;

/// <summary>A backup or restore refused or impossible; the message is the one line to show.</summary>
public sealed class BackupException : Exception
{
    /// <summary>Creates the exception.</summary>
    public BackupException()
    {
    }

    /// <summary>Creates the exception with its one-line message.</summary>
    public BackupException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its one-line message and cause.</summary>
    public BackupException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
