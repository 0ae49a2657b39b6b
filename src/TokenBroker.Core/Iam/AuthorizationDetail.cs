using TokenBroker.Core.Model;

namespace TokenBroker.Core.Iam;

/// <summary>One entity of GetAccountAuthorizationDetails: exactly one of the four is set.</summary>
/// <param name="User">A user, with its policies and groups.</param>
/// <param name="Group">A group, with its policies.</param>
/// <param name="Role">A role, with its trust and permission policies.</param>
/// <param name="Policy">A customer managed policy, with its version.</param>
public sealed record AuthorizationDetail(IamUser? User, IamGroup? Group, IamRole? Role, ManagedPolicyDetail? Policy);
