namespace TokenBroker.Core.Model;

/// <summary>An IAM role: who may assume it (trust policy) and what its sessions may do.</summary>
public sealed record IamRole(
    AccountId Account,
    string RoleName,
    string RoleId,
    string Path,
    string TrustPolicy,
    IReadOnlyList<InlinePolicy> Policies,
    IReadOnlyList<string> ManagedPolicyArns,
    int MaxSessionDuration,
    string? PermissionsBoundaryArn,
    IReadOnlyList<Tag> Tags)
{
    /// <summary>Least allowed MaxSessionDuration, and the default.</summary>
    public const int MinMaxSessionDuration = 3600;

    /// <summary>Largest allowed MaxSessionDuration.</summary>
    public const int MaxMaxSessionDuration = 43200;

    /// <summary>arn:aws:iam::ACCOUNT:role/PATH/NAME.</summary>
    public Arn Arn => Arn.IamRole(Account, Path, RoleName);
}
