using System.Globalization;
using TokenBroker.Core.Authentication;
using TokenBroker.Core.Model;
using TokenBroker.Policy.Evaluation;

namespace TokenBroker.Core.Authorization;

/// <summary>
/// Fills the global condition keys AWS sets for a caller (IAM User Guide, reference_policies_condition-keys): who the
/// principal is, its tags, MFA and session facts, and the transport facts of the call.
/// </summary>
public static class ConditionKeys
{
    /// <summary>A request context with the caller's global keys.</summary>
    public static RequestContext ForCaller(Caller caller, EffectivePolicies policies, CallContext call, DateTimeOffset now) =>
        ForCaller(caller, PrincipalKeys(caller, policies), call, now);

    /// <summary>A request context with the caller's global keys, its fixed ones taken from <paramref name="principalKeys"/> (see <see cref="PrincipalKeys"/>).</summary>
    public static RequestContext ForCaller(Caller caller, RequestContext principalKeys, CallContext call, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(principalKeys);
        var context = ForCall(call, now);
        context.SetFrom(principalKeys);
        if (caller.Session?.MultiFactorAuthTime is { } mfaTime)
        {
            context.Set("aws:MultiFactorAuthAge", ((long)(now - mfaTime).TotalSeconds).ToString(CultureInfo.InvariantCulture));
        }

        return context;
    }

    /// <summary>
    /// The caller's keys that do not change from one request to the next (who the principal is, its tags, its session
    /// facts): the same for every request of one session or user under the same policies, so they can be built once.
    /// </summary>
    public static RequestContext PrincipalKeys(Caller caller, EffectivePolicies policies)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(policies);
        var context = new RequestContext(8 + policies.PrincipalTags.Count);
        context.Set("aws:PrincipalAccount", caller.Account.Value);
        context.Set("aws:PrincipalType", PrincipalType(caller.Kind));
        context.Set("aws:userid", caller.Kind == PrincipalKind.UserSession && caller.User is { } user ? user.UserId : caller.UserId);
        foreach (var tag in policies.PrincipalTags)
        {
            context.Set("aws:PrincipalTag/" + tag.Key, tag.Value);
        }

        if (caller.Session is { } session)
        {
            // Keys that exist only for temporary credentials (absent for long-term keys, which matters to IfExists and Null).
            context.Set("aws:TokenIssueTime", IsoTime(session.IssuedAt));
            context.Set("aws:MultiFactorAuthPresent", session.MultiFactorAuthPresent ? "true" : "false");
            if (session.SourceIdentity is { } sourceIdentity)
            {
                context.Set("aws:SourceIdentity", sourceIdentity);
            }

            if (session.FederatedProvider is { } provider)
            {
                context.Set("aws:FederatedProvider", provider);
            }
        }

        return context;
    }

    /// <summary>
    /// The keys every request carries whoever makes it: the time, the transport (aws:SecureTransport, aws:SourceIp,
    /// aws:UserAgent), the region and that no AWS service is involved. Federated flows add their provider's keys.
    /// </summary>
    public static RequestContext ForCall(CallContext call, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(call);
        // Room for the keys set here, the caller's, its tags and the principal keys the policy engine adds.
        var context = new RequestContext(18);
        var time = CurrentTime.Of(now);
        context.Set("aws:CurrentTime", time.Iso);
        context.Set("aws:EpochTime", time.Epoch);
        context.Set("aws:SecureTransport", call.SecureTransport ? "true" : "false");
        context.Set("aws:RequestedRegion", call.Region);
        context.Set("aws:PrincipalIsAWSService", "false");
        context.Set("aws:ViaAWSService", "false");
        if (call.SourceIp is { } sourceIp)
        {
            context.Set("aws:SourceIp", sourceIp);
        }

        if (call.UserAgent is { } userAgent)
        {
            context.Set("aws:UserAgent", userAgent);
        }

        return context;
    }

    /// <summary>Marks MFA as verified in this very call (SerialNumber and TokenCode were checked).</summary>
    public static void SetMfaVerified(RequestContext context, DateTimeOffset verifiedAt, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Set("aws:MultiFactorAuthPresent", "true");
        context.Set("aws:MultiFactorAuthAge", ((long)(now - verifiedAt).TotalSeconds).ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>aws:RequestTag/KEY for each tag and aws:TagKeys (multi-valued) for the request's tags.</summary>
    public static void SetRequestTags(RequestContext context, IReadOnlyList<Tag> tags)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(tags);
        if (tags.Count == 0)
        {
            return;
        }

        foreach (var tag in tags)
        {
            context.Set("aws:RequestTag/" + tag.Key, tag.Value);
        }

        context.SetMultiValued("aws:TagKeys", tags.Select(t => t.Key));
    }

    private static string PrincipalType(PrincipalKind kind) => kind switch
    {
        PrincipalKind.AssumedRole => "AssumedRole",
        PrincipalKind.FederatedUser => "FederatedUser",
        _ => "User",
    };

    private static string IsoTime(DateTimeOffset time) => CurrentTime.Iso8601(time);
}
