namespace TokenBroker.Core.DataPlane;

/// <summary>Maps an HTTP request to an action and resource: method, path template with {Variables}, action and resource type.</summary>
/// <param name="Method">The HTTP method, upper case, or * for any.</param>
/// <param name="Path">The path template, for example /orders/{OrderId}; each {Variable} matches one path segment.</param>
/// <param name="Action">The action name without the prefix.</param>
/// <param name="Resource">The resource type whose ARN template names the resource, or null for Resource "*".</param>
public sealed record ServiceRoute(string Method, string Path, string Action, string? Resource);
