namespace TokenBroker.Core.AccessAdvisor;

/// <summary>A user or role whose attempts a report counts, and its last attempt at one service (IAM's EntityDetails).</summary>
/// <param name="Arn">The entity's ARN.</param>
/// <param name="Name">The user or role name.</param>
/// <param name="Type">USER or ROLE, as IAM's policyOwnerEntityType spells them.</param>
/// <param name="Id">The user or role id.</param>
/// <param name="Path">The entity's path.</param>
/// <param name="LastAuthenticated">When it last attempted the service, or null.</param>
public sealed record EntityLastAccessed(string Arn, string Name, string Type, string Id, string Path, DateTimeOffset? LastAuthenticated);
