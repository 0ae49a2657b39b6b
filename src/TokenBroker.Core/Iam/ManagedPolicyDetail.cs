using TokenBroker.Core.Model;

namespace TokenBroker.Core.Iam;

/// <summary>A customer managed policy with the counts IAM reports: entities it is attached to, and entities it bounds.</summary>
/// <param name="Policy">The policy.</param>
/// <param name="AttachmentCount">Users, groups and roles it is attached to.</param>
/// <param name="PermissionsBoundaryUsageCount">Users and roles that use it as their permissions boundary.</param>
public sealed record ManagedPolicyDetail(ManagedPolicy Policy, int AttachmentCount, int PermissionsBoundaryUsageCount)
{
    /// <summary>The only version the directory keeps of a policy: its document is the default version, v1.</summary>
    public const string DefaultVersionId = "v1";

    /// <summary>The policy with its counts in the account.</summary>
    public static ManagedPolicyDetail Of(AccountSnapshot account, ManagedPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(policy);
        var arn = policy.Arn.ToString();
        var attached = account.Users.Count(u => u.ManagedPolicyArns.Contains(arn, StringComparer.Ordinal))
            + account.Groups.Count(g => g.ManagedPolicyArns.Contains(arn, StringComparer.Ordinal))
            + account.Roles.Count(r => r.ManagedPolicyArns.Contains(arn, StringComparer.Ordinal));
        var bounding = account.Users.Count(u => string.Equals(u.PermissionsBoundaryArn, arn, StringComparison.Ordinal))
            + account.Roles.Count(r => string.Equals(r.PermissionsBoundaryArn, arn, StringComparison.Ordinal));
        return new ManagedPolicyDetail(policy, attached, bounding);
    }
}
