using TokenBroker.Core.Authentication.Saml;
using TokenBroker.Core.Credentials;

namespace TokenBroker.Core.Operations;

/// <summary>
/// AssumeRoleWithSAMLResult: Credentials, AssumedRoleUser, PackedPolicySize, and the SAML facts AWS echoes (Subject,
/// SubjectType, Issuer, Audience, NameQualifier, SourceIdentity) from the validated response.
/// </summary>
public sealed record AssumeRoleWithSamlResult(
    IssuedCredentials Issued, string AssumedRoleId, string AssumedRoleArn, ValidatedSamlResponse Response)
{
    /// <summary>Keeps the credentials out of logs.</summary>
    public override string ToString() => $"AssumeRoleWithSamlResult {{ AssumedRoleArn = {AssumedRoleArn} }}";
}
