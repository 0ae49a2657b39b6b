namespace TokenBroker.Core.Iam;

/// <summary>An account-wide IAM list (ListUsers, ListRoles, ListGroups): only entities whose path starts with PathPrefix.</summary>
/// <param name="PathPrefix">The path prefix, "/" for all.</param>
/// <param name="Page">Marker and MaxItems.</param>
public sealed record PathListRequest(string PathPrefix, PageRequest Page);
