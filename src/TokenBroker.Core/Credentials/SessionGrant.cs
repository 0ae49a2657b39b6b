using TokenBroker.Core.Model;
using PrincipalKind = TokenBroker.Policy.Evaluation.PrincipalKind;

namespace TokenBroker.Core.Credentials;

/// <summary>
/// What an operation decided to grant, before issuance: the session's principal, policies, tags and facts.
/// The issuer adds the AccessKeyId, session id, issue time and expiry and turns it into <see cref="SessionClaims"/>.
/// </summary>
/// <param name="Kind">The kind of session.</param>
/// <param name="Account">The account the session belongs to.</param>
/// <param name="PrincipalArn">The session's ARN (assumed-role or federated-user ARN; the IAM user ARN for GetSessionToken).</param>
/// <param name="IssuerArn">The role ARN or IAM user ARN the session was issued from.</param>
/// <param name="UserId">The UserId GetCallerIdentity reports (AROA…:session, AIDA…, ACCOUNT:name).</param>
/// <param name="RoleId">The role's unique id (AROA…), or null for user sessions.</param>
/// <param name="SessionName">RoleSessionName or federated Name, or null for GetSessionToken.</param>
/// <param name="Duration">The session's lifetime, whole seconds, after every clamp.</param>
/// <param name="Policies">Session policies (inline and PolicyArns).</param>
/// <param name="Tags">Session tags, inherited transitive tags included.</param>
/// <param name="TransitiveTagKeys">Keys of <paramref name="Tags"/> that pass on to chained sessions.</param>
/// <param name="SourceIdentity">The SourceIdentity, or null.</param>
/// <param name="MultiFactorAuthPresent">Whether MFA was verified for this session (aws:MultiFactorAuthPresent).</param>
/// <param name="MultiFactorAuthTime">When MFA was verified (basis of aws:MultiFactorAuthAge), or null.</param>
/// <param name="ChainingDepth">0 for a session from long-term credentials or a federation token; one more per role-chaining hop.</param>
/// <param name="FederatedProvider">The SAML or OIDC provider (aws:FederatedProvider), or null.</param>
/// <param name="FederatedSubject">The SAML NameID or OIDC sub the session was issued to (for per-subject revocation), or null.</param>
public sealed record SessionGrant(
    PrincipalKind Kind,
    AccountId Account,
    Arn PrincipalArn,
    Arn IssuerArn,
    string UserId,
    string? RoleId,
    string? SessionName,
    TimeSpan Duration,
    SessionPolicies Policies,
    IReadOnlyList<Tag> Tags,
    IReadOnlyList<string> TransitiveTagKeys,
    string? SourceIdentity,
    bool MultiFactorAuthPresent,
    DateTimeOffset? MultiFactorAuthTime,
    int ChainingDepth,
    string? FederatedProvider,
    string? FederatedSubject = null)
{
    /// <summary>Whether <paramref name="kind"/> is a kind of session a token can carry (role, federated user, user session).</summary>
    public static bool IsSessionKind(PrincipalKind kind) =>
        kind is PrincipalKind.AssumedRole or PrincipalKind.FederatedUser or PrincipalKind.UserSession;

    /// <summary>
    /// A role session (AssumeRole, AssumeRoleWithSAML, AssumeRoleWithWebIdentity): the assumed-role ARN and the
    /// AssumedRoleId (the role's unique id and the session name) are derived here and nowhere else.
    /// </summary>
    public static SessionGrant ForRole(
        IamRole role,
        string sessionName,
        int durationSeconds,
        SessionPolicies policies,
        (IReadOnlyList<Tag> Tags, IReadOnlyList<string> TransitiveTagKeys) tags,
        string? sourceIdentity,
        (bool Present, DateTimeOffset? Time) multiFactorAuth,
        int chainingDepth,
        string? federatedProvider,
        string? federatedSubject)
    {
        ArgumentNullException.ThrowIfNull(role);
        return new(
            PrincipalKind.AssumedRole,
            role.Account,
            Arn.AssumedRole(role.Account, role.RoleName, sessionName),
            role.Arn,
            role.RoleId + ":" + sessionName,
            role.RoleId,
            sessionName,
            TimeSpan.FromSeconds(durationSeconds),
            policies,
            tags.Tags,
            tags.TransitiveTagKeys,
            sourceIdentity,
            multiFactorAuth.Present,
            multiFactorAuth.Time,
            chainingDepth,
            federatedProvider,
            federatedSubject);
    }

    /// <summary>A GetSessionToken session: it acts as its IAM user, with MFA when a code was verified.</summary>
    public static SessionGrant ForUserSession(IamUser user, int durationSeconds, DateTimeOffset? multiFactorAuthTime)
    {
        ArgumentNullException.ThrowIfNull(user);
        return new(
            PrincipalKind.UserSession, user.Account, user.Arn, user.Arn, user.UserId, RoleId: null, SessionName: null,
            TimeSpan.FromSeconds(durationSeconds), SessionPolicies.None, Tags: [], TransitiveTagKeys: [], SourceIdentity: null,
            MultiFactorAuthPresent: multiFactorAuthTime is not null, multiFactorAuthTime, ChainingDepth: 0, FederatedProvider: null);
    }

    /// <summary>A GetFederationToken session: the federated user ACCOUNT:name of an IAM user, never with MFA.</summary>
    public static SessionGrant ForFederatedUser(
        IamUser user, string name, int durationSeconds, SessionPolicies policies, IReadOnlyList<Tag> tags)
    {
        ArgumentNullException.ThrowIfNull(user);
        return new(
            PrincipalKind.FederatedUser, user.Account, Arn.FederatedUser(user.Account, name), user.Arn,
            user.Account.Value + ":" + name, RoleId: null, name, TimeSpan.FromSeconds(durationSeconds), policies, tags,
            TransitiveTagKeys: [], SourceIdentity: null, MultiFactorAuthPresent: false, MultiFactorAuthTime: null, ChainingDepth: 0,
            FederatedProvider: null);
    }
}
