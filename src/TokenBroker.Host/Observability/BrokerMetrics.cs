using System.Diagnostics.Metrics;

namespace TokenBroker.Host.Observability;

/// <summary>
/// The broker's own instruments on the meter <see cref="MeterName"/> (docs/operations.md lists each one). Labels are
/// bounded: actions from the action table, STS error codes from the catalogue, fixed outcome words; never an ARN, a
/// key id, a session name or an address.
/// </summary>
internal sealed class BrokerMetrics
{
    /// <summary>The meter of the Host's instruments (the throttle's counter shares it).</summary>
    public const string MeterName = "TokenBroker.Host";

    /// <summary>Every meter the broker's MeterProvider subscribes to (Host, Aws, and any later TokenBroker.* meter).</summary>
    public const string MeterWildcard = "TokenBroker.*";

    // Seconds; STS answers in milliseconds, a dependency deadline is 2 s.
    private static readonly double[] LatencyBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

    private readonly Counter<long> _issued;
    private readonly Counter<long> _refused;
    private readonly Histogram<double> _requestDuration;
    private readonly Counter<long> _rotations;
    private readonly Counter<long> _cutoffReads;
    private readonly Counter<long> _replayChecks;
    private readonly Counter<long> _mfaLockouts;
    private readonly Histogram<double> _auditWrite;
    private readonly Counter<long> _auditExport;

    public BrokerMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        Meter = meters.Create(MeterName);
        _issued = Meter.CreateCounter<long>("tokenbroker.credentials.issued", "{credential}", "Credentials (and web identity tokens) issued, by action.");
        _refused = Meter.CreateCounter<long>("tokenbroker.credentials.refused", "{request}", "Credential requests refused, by action and STS error code.");
        _requestDuration = Meter.CreateHistogram(
            "tokenbroker.request.duration", "s", "STS request latency from the first byte read to the reply, by action and outcome.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });
        _rotations = Meter.CreateCounter<long>("tokenbroker.signing_key.rotations", "{rotation}", "Signing keys made and certified by the root key.");
        _cutoffReads = Meter.CreateCounter<long>("tokenbroker.revocation.cutoffs.loaded", "{read}", "Revocation cutoffs read from the store (cache misses), by result.");
        _replayChecks = Meter.CreateCounter<long>("tokenbroker.replay_cache.checks", "{check}", "One-time values checked against the replay cache, by result (new or replayed).");
        _mfaLockouts = Meter.CreateCounter<long>("tokenbroker.mfa.lockouts", "{lockout}", "MFA devices locked after too many wrong codes.");
        _auditWrite = Meter.CreateHistogram(
            "tokenbroker.audit.write.duration", "s", "Durable audit record writes, by outcome.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });
        _auditExport = Meter.CreateCounter<long>("tokenbroker.audit.export.records", "{record}", "Audit records handed to the export sink, by outcome.");
    }

    /// <summary>The meter, for instruments registered elsewhere (the export queue's depth).</summary>
    public Meter Meter { get; }

    public void Issued(string action) => _issued.Add(1, new KeyValuePair<string, object?>("action", action));

    public void Refused(string action, string errorCode) =>
        _refused.Add(1, new KeyValuePair<string, object?>("action", action), new KeyValuePair<string, object?>("error_code", errorCode));

    public void RequestDuration(string action, string outcome, TimeSpan elapsed) =>
        _requestDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("action", action), new KeyValuePair<string, object?>("outcome", outcome));

    public void SigningKeyRotated() => _rotations.Add(1);

    public void CutoffRead(bool found) => _cutoffReads.Add(1, new KeyValuePair<string, object?>("result", found ? "cutoff" : "none"));

    public void ReplayChecked(bool replayed) => _replayChecks.Add(1, new KeyValuePair<string, object?>("result", replayed ? "replayed" : "new"));

    public void MfaLockout() => _mfaLockouts.Add(1);

    public void AuditWritten(bool ok, TimeSpan elapsed) =>
        _auditWrite.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("outcome", ok ? "ok" : "failed"));

    public void AuditExported(string outcome, long count = 1) => _auditExport.Add(count, new KeyValuePair<string, object?>("outcome", outcome));
}
