using TokenBroker.Core.Model;

namespace TokenBroker.Core.Ports;

/// <summary>
/// Chooses the directory version a request reads. The store's version pointer is read at most once per
/// <c>pointerTtl</c> (zero: on every request); a new version is loaded whole, as a new <see cref="DirectoryView"/>,
/// never patched into the old one. A directory change therefore takes effect within <c>pointerTtl</c> plus one load,
/// and no request ever sees records of two versions.
/// </summary>
public sealed class DirectoryVersions(IDirectory store, TimeProvider timeProvider, TimeSpan pointerTtl)
{
    private readonly Lock _gate = new();
    private Current? _current;
    private (string Version, Task<DirectoryView> Task)? _loading;

    /// <summary>The view every read of one request must use.</summary>
    public async ValueTask<DirectoryView> CurrentAsync(CancellationToken cancellationToken)
    {
        var current = Volatile.Read(ref _current);
        var checkedAt = timeProvider.GetUtcNow();
        if (current is not null && checkedAt - current.CheckedAt < pointerTtl)
        {
            return current.View;
        }

        // Each request whose view is due reads the pointer itself: a store that is down fails each such request within
        // its deadline, and every failure reaches the dependency's circuit breaker.
        var version = await store.CurrentVersionAsync(cancellationToken);
        var view = current is not null && string.Equals(current.View.Version, version, StringComparison.Ordinal)
            ? current.View
            : await LoadAsync(version, cancellationToken);
        Publish(new Current(view, checkedAt));
        return view;
    }

    // A new version is loaded once, however many requests saw the pointer move.
    private Task<DirectoryView> LoadAsync(string version, CancellationToken cancellationToken)
    {
        Task<DirectoryView> loading;
        lock (_gate)
        {
            if (_loading is not { } inFlight || !string.Equals(inFlight.Version, version, StringComparison.Ordinal))
            {
                _loading = (version, LoadOnceAsync(version));
            }

            loading = _loading.Value.Task;
        }

        return loading.WaitAsync(cancellationToken);
    }

    private async Task<DirectoryView> LoadOnceAsync(string version)
    {
        // Completes asynchronously, so the field is set before the finally below clears it.
        await Task.Yield();
        try
        {
            return await store.LoadAsync(CancellationToken.None);
        }
        finally
        {
            lock (_gate)
            {
                if (_loading is { } inFlight && string.Equals(inFlight.Version, version, StringComparison.Ordinal))
                {
                    _loading = null;
                }
            }
        }
    }

    // The view read from the latest pointer read wins: a slow load finishing late never replaces a newer view.
    private void Publish(Current next)
    {
        lock (_gate)
        {
            if (_current is null || next.CheckedAt >= _current.CheckedAt)
            {
                Volatile.Write(ref _current, next);
            }
        }
    }

    private sealed record Current(DirectoryView View, DateTimeOffset CheckedAt);
}
