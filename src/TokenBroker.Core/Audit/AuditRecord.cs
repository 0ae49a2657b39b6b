namespace TokenBroker.Core.Audit;

/// <summary>One credential issued or refused. It never holds a secret, session token, policy or MFA code.</summary>
/// <param name="Time">When the broker decided.</param>
/// <param name="RequestId">The x-amzn-RequestId of the response.</param>
/// <param name="Action">The STS action.</param>
/// <param name="Outcome">Issued or refused.</param>
/// <param name="ErrorCode">The STS error code of a refusal, else null.</param>
/// <param name="CallerArn">The authenticated caller's ARN, or null.</param>
/// <param name="CallerAccessKeyId">The access key id that signed the request, or null.</param>
/// <param name="SourceIp">The caller's IP address, or null.</param>
/// <param name="UserAgent">The User-Agent header, or null.</param>
/// <param name="RoleArn">The role asked for, or null.</param>
/// <param name="SessionName">RoleSessionName or federated Name, or null.</param>
/// <param name="SourceIdentity">The SourceIdentity, or null.</param>
/// <param name="IssuedAccessKeyId">The AccessKeyId of the issued credentials (the jti of a web identity token), or null.</param>
/// <param name="Expiration">When the issued credentials expire, or null.</param>
/// <param name="PackedPolicySize">PackedPolicySize of the issued credentials, or null.</param>
/// <param name="MfaSerialNumber">The MFA device of an MFA record (a wrong code, a lock, a code refused while locked), else null.</param>
/// <param name="RequestParameters">An IAM record's request parameters (CloudTrail names, identifiers only, never a code or secret), else null.</param>
/// <param name="ResponseElements">An IAM write's response elements (dotted CloudTrail names, never a secret or seed), else null.</param>
public sealed record AuditRecord(
    DateTimeOffset Time,
    string RequestId,
    string Action,
    AuditOutcome Outcome,
    string? ErrorCode,
    string? CallerArn,
    string? CallerAccessKeyId,
    string? SourceIp,
    string? UserAgent,
    string? RoleArn,
    string? SessionName,
    string? SourceIdentity,
    string? IssuedAccessKeyId,
    DateTimeOffset? Expiration,
    int? PackedPolicySize,
    string? MfaSerialNumber = null,
    IReadOnlyDictionary<string, string>? RequestParameters = null,
    IReadOnlyDictionary<string, string>? ResponseElements = null);
