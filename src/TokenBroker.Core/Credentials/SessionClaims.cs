using TokenBroker.Core.Model;
using PrincipalKind = TokenBroker.Policy.Evaluation.PrincipalKind;

namespace TokenBroker.Core.Credentials;

/// <summary>
/// Everything a session token asserts, as verified: what later authentication and policy evaluation need and nothing else.
/// Times have whole-second precision.
/// </summary>
/// <param name="Version">The token format version.</param>
/// <param name="AccessKeyId">The ASIA… key id the token is bound to.</param>
/// <param name="SessionId">A unique id of this session (32 lowercase hex digits).</param>
/// <param name="IssuedAt">When the session was issued (aws:TokenIssueTime).</param>
/// <param name="Expiration">When the credentials expire.</param>
/// <param name="Kind">The kind of session.</param>
/// <param name="Account">The account the session belongs to.</param>
/// <param name="PrincipalArn">The session's ARN.</param>
/// <param name="IssuerArn">The role ARN or IAM user ARN the session was issued from.</param>
/// <param name="UserId">The UserId GetCallerIdentity reports.</param>
/// <param name="RoleId">The role's unique id, or null.</param>
/// <param name="SessionName">RoleSessionName or federated Name, or null.</param>
/// <param name="Policies">Session policies.</param>
/// <param name="Tags">Session tags.</param>
/// <param name="TransitiveTagKeys">Keys of <paramref name="Tags"/> that pass on to chained sessions.</param>
/// <param name="SourceIdentity">The SourceIdentity, or null.</param>
/// <param name="MultiFactorAuthPresent">Whether MFA was verified for this session.</param>
/// <param name="MultiFactorAuthTime">When MFA was verified, or null.</param>
/// <param name="ChainingDepth">Role-chaining hops that led to this session.</param>
/// <param name="FederatedProvider">The SAML or OIDC provider, or null.</param>
/// <param name="FederatedSubject">The SAML NameID or OIDC sub, or null.</param>
public sealed record SessionClaims(
    byte Version,
    AccessKeyId AccessKeyId,
    string SessionId,
    DateTimeOffset IssuedAt,
    DateTimeOffset Expiration,
    PrincipalKind Kind,
    AccountId Account,
    Arn PrincipalArn,
    Arn IssuerArn,
    string UserId,
    string? RoleId,
    string? SessionName,
    SessionPolicies Policies,
    IReadOnlyList<Tag> Tags,
    IReadOnlyList<string> TransitiveTagKeys,
    string? SourceIdentity,
    bool MultiFactorAuthPresent,
    DateTimeOffset? MultiFactorAuthTime,
    int ChainingDepth,
    string? FederatedProvider,
    string? FederatedSubject)
{
    /// <summary>The claims of a new session: the grant plus the key id, session id and validity the issuer assigns.</summary>
    public static SessionClaims FromGrant(
        SessionGrant grant, AccessKeyId accessKeyId, string sessionId, DateTimeOffset issuedAt, DateTimeOffset expiration)
    {
        ArgumentNullException.ThrowIfNull(grant);
        return new SessionClaims(
            SessionTokenFormat.Version, accessKeyId, sessionId, issuedAt, expiration, grant.Kind, grant.Account,
            grant.PrincipalArn, grant.IssuerArn, grant.UserId, grant.RoleId, grant.SessionName, grant.Policies,
            grant.Tags, grant.TransitiveTagKeys, grant.SourceIdentity, grant.MultiFactorAuthPresent,
            grant.MultiFactorAuthTime, grant.ChainingDepth, grant.FederatedProvider, grant.FederatedSubject);
    }
}
