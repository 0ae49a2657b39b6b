using TokenBroker.Core.Model;

namespace TokenBroker.Core.Iam;

/// <summary>UpdateAccessKey's and DeleteAccessKey's members; a null user name means the caller's own user.</summary>
/// <param name="UserName">The key's user, or null for the caller.</param>
/// <param name="AccessKeyId">The key.</param>
/// <param name="Status">The new status (UpdateAccessKey only).</param>
public sealed record AccessKeyRequest(string? UserName, string AccessKeyId, AccessKeyStatus? Status);
