namespace TokenBroker.Core.Iam;

/// <summary>GetAccountAuthorizationDetails' request: the entity types to include (all when empty) and the page.</summary>
/// <param name="Filter">User, Role, Group, LocalManagedPolicy, AWSManagedPolicy; empty for all.</param>
/// <param name="Page">Marker and MaxItems.</param>
public sealed record AuthorizationDetailsRequest(IReadOnlyList<string> Filter, PageRequest Page);
