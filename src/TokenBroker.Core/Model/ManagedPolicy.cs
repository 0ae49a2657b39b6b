namespace TokenBroker.Core.Model;

/// <summary>A customer managed policy, attachable by ARN to users, groups and roles and usable as a session policy.</summary>
public sealed record ManagedPolicy(AccountId Account, string PolicyName, string PolicyId, string Path, string Document)
{
    /// <summary>arn:aws:iam::ACCOUNT:policy/PATH/NAME.</summary>
    public Arn Arn => Arn.IamPolicy(Account, Path, PolicyName);
}
