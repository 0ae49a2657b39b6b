namespace TokenBroker.Core.DataPlane;

/// <summary>One action a service declares, as a row of AWS's Service Authorization Reference.</summary>
/// <param name="Name">The action name without the prefix, for example GetOrder.</param>
/// <param name="AccessLevel">The action's access level.</param>
/// <param name="ResourceTypes">The resource types the action acts on; empty means the action takes Resource "*".</param>
/// <param name="ConditionKeys">The service-specific condition keys the action supports.</param>
public sealed record ServiceAction(string Name, AccessLevel AccessLevel, IReadOnlyList<string> ResourceTypes, IReadOnlyList<string> ConditionKeys);
