using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace TokenBroker.Policy;

/// <summary>
/// Caches parse results by the document text and the kind, so each distinct policy is parsed and compiled once.
/// Bounded: when full it is cleared rather than grown, which keeps memory flat under hostile input.
/// </summary>
public sealed class PolicyCache
{
    // Keyed by the text itself (ordinal equality, the runtime's randomized string hash): a lookup costs one pass over a
    // text that is usually the directory's own instance (equal by reference), where a SHA-256 key cost a UTF-8 copy,
    // a hash and a hex string on every request for every policy.
    private readonly ConcurrentDictionary<(string Json, PolicyKind Kind), PolicyParseResult> _entries = new();
    private readonly int _capacity;

    /// <summary>Creates a cache holding at most <paramref name="capacity"/> documents.</summary>
    public PolicyCache(int capacity = 4096)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _capacity = capacity;
    }

    /// <summary>Gets the number of cached documents.</summary>
    public int Count => _entries.Count;

    /// <summary>Returns the cached result for the document, parsing and compiling it on first use.</summary>
    public PolicyParseResult GetOrParse(string json, PolicyKind kind)
    {
        ArgumentNullException.ThrowIfNull(json);
        var key = (json, kind);
        if (_entries.TryGetValue(key, out var cached))
        {
            return cached;
        }

        if (_entries.Count >= _capacity)
        {
            _entries.Clear();
        }

        return _entries.GetOrAdd(key, k => PolicyDocument.Parse(k.Json, k.Kind));
    }

    /// <summary>The SHA-256 of the document's UTF-8 text, as hex.</summary>
    public static string Hash(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(json)));
    }
}
