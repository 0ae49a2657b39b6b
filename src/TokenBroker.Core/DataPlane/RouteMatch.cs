namespace TokenBroker.Core.DataPlane;

/// <summary>The route a request matched, with the values of its path variables (percent-decoded).</summary>
/// <param name="Route">The matched route.</param>
/// <param name="Variables">The path variables by name.</param>
public sealed record RouteMatch(ServiceRoute Route, IReadOnlyDictionary<string, string> Variables);
