using TokenBroker.Core.Model;

namespace TokenBroker.Core.Ports;

/// <summary>
/// Chooses the directory version a request reads. The store's version pointer is read at most once per
/// <c>pointerTtl</c> (zero: on every request); a new version is loaded whole, as a new <see cref="DirectoryView"/>,
/// never patched into the old one. A directory change therefore takes effect within <c>pointerTtl</c> plus one load,
/// and no request ever sees records of two versions.
/// </summary>
public sealed class DirectoryVersions(IDirectory store, TimeProvider timeProvider, TimeSpan pointerTtl) : IDisposable
{
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private volatile Current? _current;
    private long _refreshes;

    /// <summary>The underlying store, for the writes that are not part of a version (TOTP steps, key use).</summary>
    public IDirectory Store => store;

    /// <summary>The view every read of one request must use.</summary>
    public ValueTask<DirectoryView> CurrentAsync(CancellationToken cancellationToken)
    {
        var current = _current;
        var now = timeProvider.GetUtcNow();
        return current is not null && now - current.CheckedAt < pointerTtl
            ? ValueTask.FromResult(current.View)
            : new ValueTask<DirectoryView>(RefreshAsync(Interlocked.Read(ref _refreshes), cancellationToken));
    }

    private async Task<DirectoryView> RefreshAsync(long startedBeforeAsking, CancellationToken cancellationToken)
    {
        await _refresh.WaitAsync(cancellationToken);
        try
        {
            // A refresh that started after this request asked read the pointer later than the request arrived: share
            // its answer, so that with a zero TTL concurrent requests cost one pointer read per refresh, not one each.
            var current = _current;
            if (current is not null && current.Refresh > startedBeforeAsking)
            {
                return current.View;
            }

            var refresh = Interlocked.Increment(ref _refreshes);
            var checkedAt = timeProvider.GetUtcNow();
            var version = await store.CurrentVersionAsync(cancellationToken);
            var view = current is not null && string.Equals(current.View.Version, version, StringComparison.Ordinal)
                ? current.View
                : await store.LoadAsync(cancellationToken);
            _current = new Current(view, checkedAt, refresh);
            return view;
        }
        finally
        {
            _refresh.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose() => _refresh.Dispose();

    private sealed record Current(DirectoryView View, DateTimeOffset CheckedAt, long Refresh);
}
