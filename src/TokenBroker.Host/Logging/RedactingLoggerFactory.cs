namespace TokenBroker.Host.Logging;

/// <summary>
/// The logger factory every component of the broker gets (ASP.NET Core hosting, routing, Kestrel, the Lambda runtime
/// loop and our own code): each logger it creates masks bearer material in messages, structured values, scopes and
/// exceptions before any provider sees them (<see cref="LogRedaction"/>). The wrapped factory keeps its providers and
/// filter rules.
/// </summary>
internal sealed class RedactingLoggerFactory(ILoggerFactory inner) : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName) => new RedactingLogger(inner.CreateLogger(categoryName));

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    // The container owns and disposes the wrapped factory.
    public void Dispose()
    {
    }
}
