namespace TokenBroker.Core.Iam;

/// <summary>A managed policy attached to an entity, as IAM lists it: PolicyName and PolicyArn.</summary>
/// <param name="PolicyName">The policy's name.</param>
/// <param name="PolicyArn">The policy's ARN.</param>
public sealed record AttachedPolicy(string PolicyName, string PolicyArn)
{
    /// <summary>The attached policies named by ARN; the name is the ARN's last path segment.</summary>
    public static IReadOnlyList<AttachedPolicy> Of(IEnumerable<string> policyArns) =>
        [.. policyArns.Select(arn => new AttachedPolicy(arn[(arn.LastIndexOf('/') + 1)..], arn))];
}
