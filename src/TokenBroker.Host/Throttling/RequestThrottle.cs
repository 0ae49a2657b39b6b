using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;

namespace TokenBroker.Host.Throttling;

/// <summary>
/// The broker's rate limits: failed requests per source address, and authenticated requests per access key id, as
/// token buckets (System.Threading.RateLimiting). A refused request is counted on
/// <see cref="ThrottledCounterName"/>, not audited: refusing must cost less than the work it spares.
/// </summary>
internal sealed class RequestThrottle : IDisposable
{
    /// <summary>The meter of the broker's own instruments.</summary>
    public const string MeterName = "TokenBroker.Host";

    /// <summary>Requests answered Throttling, tagged <c>limit</c> = <c>source</c> or <c>access_key</c>.</summary>
    public const string ThrottledCounterName = "tokenbroker.requests.throttled";

    private static readonly object NotAFailureKey = new();
    private readonly PartitionedRateLimiter<string>? _sourceFailures;
    private readonly PartitionedRateLimiter<string>? _keyRequests;
    private readonly Counter<long> _throttled;

    public RequestThrottle(RateLimitSettings settings, IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(meters);
        _sourceFailures = Buckets(settings.SourceFailures, settings.SourceBurst, settings.Period);
        _keyRequests = Buckets(settings.KeyRequests, settings.KeyBurst, settings.Period);
        _throttled = meters.Create(MeterName).CreateCounter<long>(ThrottledCounterName, "{request}", "Requests refused with Throttling.");
    }

    /// <summary>Whether the source address has spent its failure allowance: its requests are refused unread.</summary>
    public bool IsSourceOverLimit(IPAddress? address)
    {
        if (_sourceFailures is null)
        {
            return false;
        }

        // Whole permits left, without taking one. (AttemptAcquire with zero permits is no test: the bucket refills by
        // fractions between periods, and any fraction above zero grants a zero-permit lease.)
        return _sourceFailures.GetStatistics(SourceKey(address)) is { CurrentAvailablePermits: < 1 };
    }

    /// <summary>Spends one of the source address's failures.</summary>
    public void RecordSourceFailure(IPAddress? address)
    {
        if (_sourceFailures is not null)
        {
            using var lease = _sourceFailures.AttemptAcquire(SourceKey(address));
        }
    }

    /// <summary>Takes one request from the access key id's allowance; false when it is spent.</summary>
    public bool TryAcquireKey(string accessKeyId)
    {
        if (_keyRequests is null)
        {
            return true;
        }

        using var lease = _keyRequests.AttemptAcquire(accessKeyId);
        return lease.IsAcquired;
    }

    /// <summary>Counts one refused request.</summary>
    public void CountThrottled(string limit) => _throttled.Add(1, new KeyValuePair<string, object?>("limit", limit));

    /// <summary>Marks a client error response that the client did not cause (a throttled store, a throttled key).</summary>
    public static void ExcludeFromFailures(HttpContext context) => context.Items[NotAFailureKey] = true;

    /// <summary>Whether the response counts as a failed request of its source address.</summary>
    public static bool IsFailure(HttpContext context) =>
        context.Response.StatusCode is >= 400 and < 500 && !context.Items.ContainsKey(NotAFailureKey);

    public void Dispose()
    {
        _sourceFailures?.Dispose();
        _keyRequests?.Dispose();
    }

    // IPv6 hosts get a /64 each (RFC 4291 §2.5.4): counting single addresses would let one host spend 2^64 allowances.
    private static string SourceKey(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes).ToString() + "/64";
    }

    private static PartitionedRateLimiter<string>? Buckets(int rate, int burst, TimeSpan period) => rate == 0
        ? null
        : PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = burst,
            TokensPerPeriod = rate,
            ReplenishmentPeriod = period,
            QueueLimit = 0,
            AutoReplenishment = true,
        }), StringComparer.Ordinal);
}
