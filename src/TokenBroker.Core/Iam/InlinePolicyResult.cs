using TokenBroker.Core.Model;

namespace TokenBroker.Core.Iam;

/// <summary>Get{User,Group,Role}Policy's result: the entity's name and the inline policy.</summary>
/// <param name="EntityName">The user, group or role name.</param>
/// <param name="Policy">The inline policy with its document.</param>
public sealed record InlinePolicyResult(string EntityName, InlinePolicy Policy);
