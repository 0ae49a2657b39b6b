using TokenBroker.Core.Credentials;

namespace TokenBroker.Core.Operations;

/// <summary>AssumeRoleResult: Credentials, AssumedRoleUser (AssumedRoleId, Arn), PackedPolicySize and SourceIdentity.</summary>
public sealed record AssumeRoleResult(IssuedCredentials Issued, string AssumedRoleId, string AssumedRoleArn, string? SourceIdentity);
