using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace TokenBroker.Host.Tests.Robustness;

/// <summary>Records the level and category of every log entry a running broker writes (not the text), so tests can assert no errors.</summary>
public sealed class LogLevelRecorder : ILoggerProvider
{
    private readonly ConcurrentQueue<(LogLevel Level, string Category, string Message)> _entries = new();

    /// <summary>Attaches a recorder to a running broker's logger factory.</summary>
    public static LogLevelRecorder AttachTo(IServiceProvider services)
    {
        var recorder = new LogLevelRecorder();
        services.GetRequiredService<ILoggerFactory>().AddProvider(recorder);
        return recorder;
    }

    /// <summary>Entries at Error or above.</summary>
    public IReadOnlyList<(LogLevel Level, string Category, string Message)> Errors =>
        _entries.Where(e => e.Level >= LogLevel.Error).ToList();

    public ILogger CreateLogger(string categoryName) => new Recorder(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Recorder(LogLevelRecorder owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                owner._entries.Enqueue((logLevel, category, formatter(state, exception)));
            }
        }
    }
}
