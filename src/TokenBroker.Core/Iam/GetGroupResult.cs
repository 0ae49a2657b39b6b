using TokenBroker.Core.Model;

namespace TokenBroker.Core.Iam;

/// <summary>GetGroup's result: the group and one page of its members.</summary>
/// <param name="Group">The group.</param>
/// <param name="Users">The page of member users.</param>
public sealed record GetGroupResult(IamGroup Group, IamPage<IamUser> Users);
