namespace TokenBroker.Cli.Commands;

/// <summary>The switches of <c>directory apply</c>: --dry-run, --yes and --allow-destructive.</summary>
internal sealed record ApplyOptions(bool DryRun, bool Yes, bool AllowDestructive);
