using Microsoft.Extensions.Logging;

namespace TokenBroker.Host.Tests.Logging;

/// <summary>A logging provider that keeps what it is handed: message, structured values, scopes, exception.</summary>
[ProviderAlias("Capturing")]
public sealed class CapturingLoggerProvider : ILoggerProvider, ISupportExternalScope
{
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public List<CapturedLogEntry> Entries { get; } = [];

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class Logger(CapturingLoggerProvider owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => owner._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var scopes = new List<CapturedScope>();
            owner._scopes.ForEachScope((scope, list) => list.Add(new CapturedScope(scope?.ToString() ?? "", Values(scope))), scopes);
            lock (owner.Entries)
            {
                owner.Entries.Add(new CapturedLogEntry(formatter(state, exception), Values(state), scopes, exception));
            }
        }

        private static Dictionary<string, object?> Values(object? state) =>
            state is IEnumerable<KeyValuePair<string, object?>> pairs ? pairs.ToDictionary(p => p.Key, p => p.Value) : [];
    }
}
