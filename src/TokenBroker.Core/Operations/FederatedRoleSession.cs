using TokenBroker.Core.Credentials;
using TokenBroker.Core.Errors;
using TokenBroker.Core.Model;
using TokenBroker.Policy;
using TokenBroker.Policy.Evaluation;

namespace TokenBroker.Core.Operations;

/// <summary>
/// What AssumeRoleWithSAML and AssumeRoleWithWebIdentity share once the identity is validated: the trust-policy
/// decision for the provider as the Federated principal, and the grant of the role session.
/// </summary>
internal static class FederatedRoleSession
{
    /// <summary>
    /// The trust policy must allow <paramref name="action"/> to the provider, and sts:TagSession or sts:SetSourceIdentity
    /// when the identity brings session tags or a source identity. A provider is not an IAM principal, so the trust
    /// policy alone decides (reference/policy.md §1.1); an unparsable trust policy allows nothing.
    /// </summary>
    public static StsError? EvaluateTrustPolicy(
        PolicyCache cache, IamRole role, Arn providerArn, string action, RequestContext context, bool tagsSession, bool setsSourceIdentity)
    {
        var denied = StsErrors.AccessDenied("Not authorized to perform " + action);
        var trust = cache.GetOrParse(role.TrustPolicy, PolicyKind.Trust);
        if (!trust.IsValid)
        {
            return denied;
        }

        var set = new PolicySet(resource: trust.Policy);
        bool Allows(string checkedAction) => PolicyEvaluator.Evaluate(
            new AuthorizationRequest(providerArn.ToString(), checkedAction, role.Arn.ToString(), context, null, role.Account.Value), set).IsAllowed;

        if (!Allows(action))
        {
            return denied;
        }

        if (tagsSession && !Allows("sts:TagSession"))
        {
            return StsErrors.AccessDenied("Not authorized to perform sts:TagSession");
        }

        return setsSourceIdentity && !Allows("sts:SetSourceIdentity")
            ? StsErrors.AccessDenied("Not authorized to perform sts:SetSourceIdentity")
            : null;
    }

    /// <summary>The grant of a first-hop role session for a federated subject (no MFA, not chained).</summary>
    public static SessionGrant Grant(
        IamRole role,
        string sessionName,
        int durationSeconds,
        SessionPolicies policies,
        (IReadOnlyList<Tag> Tags, IReadOnlyList<string> TransitiveTagKeys) tags,
        string? sourceIdentity,
        Arn providerArn,
        string subject) => new(
            SessionPrincipalKind.AssumedRole,
            role.Account,
            Arn.AssumedRole(role.Account, role.RoleName, sessionName),
            role.Arn,
            AssumedRoleId(role, sessionName),
            role.RoleId,
            sessionName,
            TimeSpan.FromSeconds(durationSeconds),
            policies,
            tags.Tags,
            tags.TransitiveTagKeys,
            sourceIdentity,
            MultiFactorAuthPresent: false,
            MultiFactorAuthTime: null,
            ChainingDepth: 0,
            providerArn.ToString(),
            subject);

    /// <summary>AssumedRoleUser.AssumedRoleId: the role's unique id and the session name.</summary>
    public static string AssumedRoleId(IamRole role, string sessionName) => role.RoleId + ":" + sessionName;
}
