namespace TokenBroker.Core.Iam;

/// <summary>GetAccessKeyLastUsed's result: the key's user and when it was last used (null: never, so IAM's N/A shape).</summary>
/// <param name="UserName">The user the key belongs to.</param>
/// <param name="LastUsedDate">When the key last signed a request the broker accepted, or null.</param>
public sealed record AccessKeyLastUsed(string UserName, DateTimeOffset? LastUsedDate);
