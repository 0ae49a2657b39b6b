namespace TokenBroker.Core.Iam;

/// <summary>A list that belongs to one named entity (ListUserTags, ListGroupsForUser, ListRolePolicies, …); a null name means the caller where IAM allows it.</summary>
/// <param name="Name">The user, group, role or policy the list belongs to.</param>
/// <param name="Page">Marker and MaxItems.</param>
public sealed record NamedListRequest(string? Name, PageRequest Page);
