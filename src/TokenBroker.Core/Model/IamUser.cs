namespace TokenBroker.Core.Model;

/// <summary>An IAM user with its policies and group memberships (a user is in at most 10 groups).</summary>
public sealed record IamUser(
    AccountId Account,
    string UserName,
    string UserId,
    string Path,
    IReadOnlyList<InlinePolicy> Policies,
    IReadOnlyList<string> ManagedPolicyArns,
    IReadOnlyList<string> Groups,
    string? PermissionsBoundaryArn,
    IReadOnlyList<Tag> Tags)
{
    /// <summary>Most groups a user can belong to.</summary>
    public const int MaxGroups = 10;

    /// <summary>arn:aws:iam::ACCOUNT:user/PATH/NAME.</summary>
    public Arn Arn => Arn.IamUser(Account, Path, UserName);
}
