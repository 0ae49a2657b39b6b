namespace TokenBroker.Core.DataPlane;

/// <summary>A resource-based policy for the resources whose ARN matches a pattern (like a bucket or key policy).</summary>
/// <param name="Resource">The ARN pattern, with * and ? wildcards.</param>
/// <param name="Document">The policy document (JSON).</param>
public sealed record ServiceResourcePolicy(string Resource, string Document);
