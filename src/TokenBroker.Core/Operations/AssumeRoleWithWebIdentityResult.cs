using TokenBroker.Core.Credentials;

namespace TokenBroker.Core.Operations;

/// <summary>
/// AssumeRoleWithWebIdentityResult: Credentials, SubjectFromWebIdentityToken, AssumedRoleUser, PackedPolicySize,
/// Provider (the token's iss), Audience and SourceIdentity.
/// </summary>
public sealed record AssumeRoleWithWebIdentityResult(
    IssuedCredentials Issued,
    string SubjectFromWebIdentityToken,
    string AssumedRoleId,
    string AssumedRoleArn,
    string Provider,
    string Audience,
    string? SourceIdentity);
