namespace TokenBroker.Core.DataPlane;

/// <summary>The actions of one service prefix with their access levels: a declared service's, or a built-in one (sts).</summary>
/// <param name="Prefix">The service prefix.</param>
/// <param name="Actions">The actions.</param>
public sealed record ActionCatalog(string Prefix, IReadOnlyList<ServiceAction> Actions);
