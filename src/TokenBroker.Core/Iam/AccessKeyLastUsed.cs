using TokenBroker.Core.Usage;

namespace TokenBroker.Core.Iam;

/// <summary>GetAccessKeyLastUsed's result: the key's user and its last recorded use (null: never, so IAM's N/A shape).</summary>
/// <param name="UserName">The user the key belongs to.</param>
/// <param name="LastUse">When, where and for which service the key last signed a request the broker accepted, or null.</param>
public sealed record AccessKeyLastUsed(string UserName, AccessKeyUse? LastUse);
