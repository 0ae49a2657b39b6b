using System.Globalization;
using TokenBroker.Core.Errors;
using TokenBroker.Core.Model;
using TokenBroker.Policy;
using TokenBroker.Policy.Evaluation;

namespace TokenBroker.Core.Operations;

/// <summary>
/// The session-shaping steps every AssumeRole* flow shares once it knows the role and who asks: the MaxSessionDuration
/// check, the sts:* condition keys and the trust-policy decision; the grant is <see cref="Credentials.SessionGrant.ForRole"/>.
/// </summary>
internal sealed class RoleSessions(PolicyCache cache)
{
    /// <summary>Default session length: one hour.</summary>
    public const int DefaultDurationSeconds = 3600;

    /// <summary>DurationSeconds or one hour; more than the role's MaxSessionDuration is an error (reference/sts.md b.2).</summary>
    public static StsResult<int> CheckDuration(IamRole role, int? durationSeconds)
    {
        var duration = durationSeconds ?? DefaultDurationSeconds;
        return duration > role.MaxSessionDuration
            ? StsErrors.ValidationError("The requested DurationSeconds exceeds the MaxSessionDuration set for this role.")
            : duration;
    }

    /// <summary>
    /// The sts:* keys of the requested session (IAM User Guide, reference_policies_iam-condition-keys) and the request
    /// tags; a key whose value was not given is left absent, which matters to IfExists and Null.
    /// </summary>
    public static void SetSessionKeys(
        RequestContext context, string roleSessionName, int? durationSeconds, string? externalId, string? sourceIdentity,
        IReadOnlyList<Tag> tags, IReadOnlyList<string> transitiveTagKeys)
    {
        Authorization.ConditionKeys.SetRequestTags(context, tags);
        context.Set("sts:RoleSessionName", roleSessionName);
        if (durationSeconds is { } duration)
        {
            context.Set("sts:DurationSeconds", duration.ToString(CultureInfo.InvariantCulture));
        }

        if (externalId is not null)
        {
            context.Set("sts:ExternalId", externalId);
        }

        if (sourceIdentity is not null)
        {
            context.Set("sts:SourceIdentity", sourceIdentity);
        }

        if (transitiveTagKeys.Count > 0)
        {
            context.SetMultiValued("sts:TransitiveTagKeys", transitiveTagKeys);
        }
    }

    /// <summary>
    /// The trust policy must allow <paramref name="action"/>, and sts:TagSession or sts:SetSourceIdentity when the session
    /// gets tags or a source identity; an IAM caller's own policies must allow them too unless the trust policy names it
    /// in the same account (the engine applies AWS's cross-account rules, reference/policy.md §1.1). An unparsable trust
    /// policy allows nothing.
    /// </summary>
    public StsError? EvaluateTrustPolicy(
        Trustee trustee, IamRole role, string action, RequestContext context, bool tagsSession, bool setsSourceIdentity)
    {
        var roleArn = role.Arn.ToString();
        var trust = cache.GetOrParse(role.TrustPolicy, PolicyKind.Trust);
        if (!trust.IsValid)
        {
            return trustee.Denied(action, roleArn);
        }

        var set = trustee.Policies is { } own
            ? new PolicySet(own.Identity, trust.Policy, own.PermissionsBoundary, own.Session)
            : new PolicySet(resource: trust.Policy);
        bool Allows(string checkedAction) => PolicyEvaluator.Evaluate(
            new AuthorizationRequest(trustee.Principal, checkedAction, roleArn, context, role.Account.Value), set).IsAllowed;

        if (!Allows(action))
        {
            return trustee.Denied(action, roleArn);
        }

        if (tagsSession && !Allows("sts:TagSession"))
        {
            return trustee.Denied("sts:TagSession", roleArn);
        }

        return setsSourceIdentity && !Allows("sts:SetSourceIdentity") ? trustee.Denied("sts:SetSourceIdentity", roleArn) : null;
    }

}
