namespace TokenBroker.Core.AccessAdvisor;

/// <summary>One service the entity's permissions policies allow, and the last attempt at it (IAM's ServiceLastAccessed, plus the entities for GetServiceLastAccessedDetailsWithEntities).</summary>
/// <param name="ServiceName">The service's name, such as <c>AWS Security Token Service</c>; a declared service's prefix.</param>
/// <param name="ServiceNamespace">The service namespace, such as <c>sts</c>.</param>
/// <param name="LastAuthenticated">When the service was last attempted, or null when never.</param>
/// <param name="LastAuthenticatedEntity">The ARN of the user or role that made the last attempt.</param>
/// <param name="LastAuthenticatedRegion">The region of the last attempt.</param>
/// <param name="TotalAuthenticatedEntities">How many of the counted users and roles attempted the service.</param>
/// <param name="TrackedActionsLastAccessed">Per action (ACTION_LEVEL reports only, else null).</param>
/// <param name="Entities">The counted users and roles, most recent attempt first, never-attempted last.</param>
public sealed record ServiceLastAccessed(
    string ServiceName,
    string ServiceNamespace,
    DateTimeOffset? LastAuthenticated,
    string? LastAuthenticatedEntity,
    string? LastAuthenticatedRegion,
    int TotalAuthenticatedEntities,
    IReadOnlyList<TrackedActionLastAccessed>? TrackedActionsLastAccessed,
    IReadOnlyList<EntityLastAccessed> Entities);
