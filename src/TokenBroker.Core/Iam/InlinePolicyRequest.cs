namespace TokenBroker.Core.Iam;

/// <summary>Get{User,Group,Role}Policy's request: the entity's name and the inline policy's name.</summary>
/// <param name="Name">The user, group or role name.</param>
/// <param name="PolicyName">The inline policy's name.</param>
public sealed record InlinePolicyRequest(string Name, string PolicyName);
