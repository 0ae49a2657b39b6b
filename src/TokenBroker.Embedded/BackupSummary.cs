namespace TokenBroker.Embedded;

/// <summary>What a backup (or the store it is compared with) holds.</summary>
/// <param name="SchemaVersion">The database's schema version (its schema_version table).</param>
/// <param name="NewestAuditRecord">The time of its newest audit record, or null when it has none.</param>
/// <param name="Bytes">The database file's size.</param>
public sealed record BackupSummary(int SchemaVersion, DateTimeOffset? NewestAuditRecord, long Bytes);
