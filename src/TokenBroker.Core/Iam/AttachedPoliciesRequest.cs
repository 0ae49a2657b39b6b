namespace TokenBroker.Core.Iam;

/// <summary>ListAttached{User,Group,Role}Policies' request: the entity's name, a policy path prefix and the page.</summary>
/// <param name="Name">The user, group or role name.</param>
/// <param name="PathPrefix">Only policies whose path starts with it.</param>
/// <param name="Page">Marker and MaxItems.</param>
public sealed record AttachedPoliciesRequest(string Name, string PathPrefix, PageRequest Page);
