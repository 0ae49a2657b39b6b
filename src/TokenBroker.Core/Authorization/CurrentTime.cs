using System.Globalization;

namespace TokenBroker.Core.Authorization;

/// <summary>
/// aws:CurrentTime and aws:EpochTime as text, formatted once per second rather than once per request: every request in
/// the same second gets the same two strings.
/// </summary>
internal sealed class CurrentTime
{
    private static CurrentTime? _last;

    private CurrentTime(long second, string iso, string epoch)
    {
        Second = second;
        Iso = iso;
        Epoch = epoch;
    }

    /// <summary>The whole second since the Unix epoch these strings show.</summary>
    public long Second { get; }

    /// <summary>The time as ISO 8601 to the second, UTC (2026-12-06T22:00:00Z).</summary>
    public string Iso { get; }

    /// <summary>The seconds since the Unix epoch.</summary>
    public string Epoch { get; }

    /// <summary>The strings for the second of <paramref name="now"/>.</summary>
    public static CurrentTime Of(DateTimeOffset now)
    {
        var second = now.ToUnixTimeSeconds();
        var last = Volatile.Read(ref _last);
        if (last is not null && last.Second == second)
        {
            return last;
        }

        var formatted = new CurrentTime(second, Iso8601(now), second.ToString(CultureInfo.InvariantCulture));
        Volatile.Write(ref _last, formatted);
        return formatted;
    }

    /// <summary>yyyy-MM-ddTHH:mm:ssZ in UTC, through the sortable format's fast path.</summary>
    public static string Iso8601(DateTimeOffset time) =>
        string.Create(20, time.UtcDateTime, static (destination, utc) =>
        {
            utc.TryFormat(destination, out _, "s", CultureInfo.InvariantCulture);
            destination[19] = 'Z';
        });
}
