namespace TokenBroker.Core.AccessAdvisor;

/// <summary>The last attempt at one action of a service (ACTION_LEVEL reports); the Last* members are null for an action never attempted.</summary>
/// <param name="ActionName">The action's name without the service namespace, such as <c>AssumeRole</c>.</param>
/// <param name="LastAccessedEntity">The ARN of the user or role that made the last attempt.</param>
/// <param name="LastAccessedTime">When the last attempt was made.</param>
/// <param name="LastAccessedRegion">The region of the last attempt.</param>
public sealed record TrackedActionLastAccessed(string ActionName, string? LastAccessedEntity, DateTimeOffset? LastAccessedTime, string? LastAccessedRegion);
