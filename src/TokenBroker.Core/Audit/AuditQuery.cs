namespace TokenBroker.Core.Audit;

/// <summary>Which audit records to read: newest first, optionally since a time and for one action.</summary>
/// <param name="Since">Only records at or after this time, or null for all.</param>
/// <param name="Action">Only records of this action, or null for all.</param>
/// <param name="Limit">At most this many records.</param>
public sealed record AuditQuery(DateTimeOffset? Since, string? Action, int Limit);
