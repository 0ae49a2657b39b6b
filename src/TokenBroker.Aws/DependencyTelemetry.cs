using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace TokenBroker.Aws;

/// <summary>
/// The spans and instruments of every DynamoDB and KMS call (each goes through <see cref="DependencyGuard"/>): one
/// child span per call, a call counter and a duration histogram, labelled by service and outcome only.
/// </summary>
public static class DependencyTelemetry
{
    /// <summary>The ActivitySource and Meter name.</summary>
    public const string Name = "TokenBroker.Aws";

    /// <summary>Calls made, tagged <c>service</c> (DynamoDB, KMS) and <c>outcome</c> (ok, unavailable, throttled, refused).</summary>
    public const string CallsCounterName = "tokenbroker.dependency.calls";

    /// <summary>Call duration in seconds, the SDK's retries included, tagged <c>service</c> and <c>outcome</c>.</summary>
    public const string DurationHistogramName = "tokenbroker.dependency.duration";

    internal static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    private static readonly Counter<long> Calls = Meter.CreateCounter<long>(CallsCounterName, "{call}", "DynamoDB and KMS calls made by the broker.");

    private static readonly Histogram<double> Duration = Meter.CreateHistogram(
        DurationHistogramName, "s", "DynamoDB and KMS call duration, retries included.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5] });

    internal static void Record(string service, string outcome, TimeSpan elapsed)
    {
        var tags = new TagList { { "service", service }, { "outcome", outcome } };
        Calls.Add(1, tags);
        Duration.Record(elapsed.TotalSeconds, tags);
    }
}
