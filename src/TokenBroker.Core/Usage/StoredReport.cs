namespace TokenBroker.Core.Usage;

/// <summary>A generated report as the store keeps it for every instance: when it was generated and its content.</summary>
/// <param name="GeneratedTime">When the report was generated.</param>
/// <param name="Content">The report's bytes (the credential report's CSV, an access advisor job).</param>
public sealed record StoredReport(DateTimeOffset GeneratedTime, byte[] Content)
{
    /// <summary>When the store may forget the report (null: kept); readers treat a report past this time as absent.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }
}
