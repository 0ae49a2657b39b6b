namespace TokenBroker.Host.Logging;

/// <summary>A logger that hands its provider only redacted state, message, scopes and exception text.</summary>
internal sealed class RedactingLogger(ILogger inner) : ILogger
{
    public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => inner.BeginScope(new RedactedScope<TState>(state));

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!inner.IsEnabled(logLevel))
        {
            return;
        }

        // Formatted without the exception, as the providers format it; the exception is redacted on its own.
        var message = formatter is null ? state?.ToString() : formatter(state, exception);
        inner.Log(
            logLevel,
            eventId,
            RedactedLogState.From(state, message),
            exception is null ? null : new RedactedException(exception),
            static (redacted, _) => redacted.Message);
    }
}
