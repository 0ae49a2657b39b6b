namespace TokenBroker.Core.Iam;

/// <summary>GetPolicyVersion's request: the policy ARN and the version id.</summary>
/// <param name="PolicyArn">The managed policy's ARN.</param>
/// <param name="VersionId">The version, such as v1.</param>
public sealed record PolicyVersionRequest(string PolicyArn, string VersionId);
