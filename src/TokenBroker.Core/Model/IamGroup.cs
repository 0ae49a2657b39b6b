namespace TokenBroker.Core.Model;

/// <summary>An IAM group: its policies apply to every member.</summary>
public sealed record IamGroup(
    AccountId Account,
    string GroupName,
    string GroupId,
    string Path,
    IReadOnlyList<InlinePolicy> Policies,
    IReadOnlyList<string> ManagedPolicyArns)
{
    /// <summary>arn:aws:iam::ACCOUNT:group/PATH/NAME.</summary>
    public Arn Arn => Arn.IamGroup(Account, Path, GroupName);
}
