namespace TokenBroker.Core.Iam;

/// <summary>SimulatePrincipalPolicy's and SimulateCustomPolicy's request members.</summary>
/// <param name="PolicySourceArn">The user, group or role whose policies are simulated (SimulatePrincipalPolicy), else null.</param>
/// <param name="PolicyInputList">Identity policy documents to add (SimulatePrincipalPolicy) or to simulate (SimulateCustomPolicy).</param>
/// <param name="PermissionsBoundaryPolicyInputList">A permissions boundary document replacing the principal's, or empty.</param>
/// <param name="ActionNames">The actions to simulate.</param>
/// <param name="ResourceArns">The resources to simulate, <c>*</c> when empty.</param>
/// <param name="ResourcePolicy">A resource-based policy to include, or null.</param>
/// <param name="ResourceOwner">The account that owns the simulated resources, or null.</param>
/// <param name="CallerArn">The principal to simulate as, or null.</param>
/// <param name="ContextEntries">Condition keys and their values.</param>
/// <param name="Page">Marker and MaxItems over the results.</param>
public sealed record PolicySimulationRequest(
    string? PolicySourceArn,
    IReadOnlyList<string> PolicyInputList,
    IReadOnlyList<string> PermissionsBoundaryPolicyInputList,
    IReadOnlyList<string> ActionNames,
    IReadOnlyList<string> ResourceArns,
    string? ResourcePolicy,
    string? ResourceOwner,
    string? CallerArn,
    IReadOnlyList<ContextEntry> ContextEntries,
    PageRequest Page);
