using System.Collections.Concurrent;

namespace TokenBroker.Core.Credentials;

/// <summary>
/// Verified sessions by token hash, so the ECDSA verify is paid once per token rather than once per request
/// (architecture note §4). Bounded: expired entries are swept when it fills, and if it stays mostly full it starts over.
/// </summary>
internal sealed class VerifiedTokenCache(TimeProvider timeProvider, int capacity)
{
    private readonly ConcurrentDictionary<ContentHash, VerifiedSession> _entries = new();
    private long _hits;

    /// <summary>How many lookups found a verified token (a test hook).</summary>
    public long Hits => Interlocked.Read(ref _hits);

    public int Count => _entries.Count;

    public bool TryGet(ContentHash hash, out VerifiedSession session)
    {
        if (_entries.TryGetValue(hash, out session!))
        {
            Interlocked.Increment(ref _hits);
            return true;
        }

        return false;
    }

    public void Add(ContentHash hash, VerifiedSession session)
    {
        if (_entries.Count >= capacity)
        {
            Sweep();
        }

        _entries[hash] = session;
    }

    private void Sweep()
    {
        var now = timeProvider.GetUtcNow();
        foreach (var (hash, session) in _entries)
        {
            if (session.Claims.Expiration <= now)
            {
                _entries.TryRemove(hash, out _);
            }
        }

        // Still mostly live: start over rather than sweep again on every following add.
        if (_entries.Count >= capacity * 3 / 4)
        {
            _entries.Clear();
        }
    }
}
