namespace TokenBroker.Core.Model;

/// <summary>Instant arithmetic that clamps at the ends of <see cref="DateTimeOffset"/> instead of throwing, for instants read from untrusted input.</summary>
public static class SaturatingTime
{
    /// <summary><paramref name="instant"/> plus <paramref name="span"/>, clamped to [MinValue, MaxValue] (UTC).</summary>
    public static DateTimeOffset Add(DateTimeOffset instant, TimeSpan span)
    {
        var utc = instant.UtcTicks;
        if (span > TimeSpan.Zero && utc > DateTimeOffset.MaxValue.UtcTicks - span.Ticks)
        {
            return DateTimeOffset.MaxValue;
        }

        if (span < TimeSpan.Zero && utc < DateTimeOffset.MinValue.UtcTicks - span.Ticks)
        {
            return DateTimeOffset.MinValue;
        }

        return new DateTimeOffset(utc + span.Ticks, TimeSpan.Zero);
    }
}
