namespace TokenBroker.Core.Iam;

/// <summary>A matched statement as the simulator names it: the policy it came from and that policy's source type.</summary>
/// <param name="SourcePolicyId">The policy's name, or PolicyInputList.N / ResourcePolicy for documents of the request.</param>
/// <param name="SourcePolicyType">user, group, role, user-managed, resource or none (PolicySourceType of the IAM model).</param>
public sealed record SimulatedStatement(string SourcePolicyId, string SourcePolicyType);
