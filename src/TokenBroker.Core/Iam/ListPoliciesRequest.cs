namespace TokenBroker.Core.Iam;

/// <summary>ListPolicies' request: Scope (All, AWS, Local), OnlyAttached, PathPrefix, PolicyUsageFilter and the page.</summary>
/// <param name="Scope">All, AWS (AWS managed policies, of which the broker has none) or Local.</param>
/// <param name="OnlyAttached">Only policies attached to a user, group or role.</param>
/// <param name="PathPrefix">The path prefix, "/" for all.</param>
/// <param name="PolicyUsageFilter">PermissionsPolicy, PermissionsBoundary, or null for both.</param>
/// <param name="Page">Marker and MaxItems.</param>
public sealed record ListPoliciesRequest(string Scope, bool OnlyAttached, string PathPrefix, string? PolicyUsageFilter, PageRequest Page);
