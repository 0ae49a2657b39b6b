namespace TokenBroker.Core.Usage;

/// <summary>A generated report as the store keeps it for every instance: when it was generated and its content.</summary>
/// <param name="GeneratedTime">When the report was generated.</param>
/// <param name="Content">The report's bytes (the credential report's CSV).</param>
public sealed record StoredReport(DateTimeOffset GeneratedTime, byte[] Content);
