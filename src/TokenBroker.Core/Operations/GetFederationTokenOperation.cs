using TokenBroker.Core.Audit;
using TokenBroker.Core.Authentication;
using TokenBroker.Core.Authorization;
using TokenBroker.Core.Credentials;
using TokenBroker.Core.Errors;
using TokenBroker.Core.Model;
using TokenBroker.Policy.Evaluation;

namespace TokenBroker.Core.Operations;

/// <summary>
/// GetFederationToken: a federated-user session for an IAM user. The session may do only what both the user's
/// policies and the session policies allow — nothing without a session policy (reference/sts.md b.4).
/// </summary>
public sealed class GetFederationTokenOperation(PolicyResolver policies, CredentialIssuer issuer, CredentialAudit audit, TimeProvider timeProvider)
{
    /// <summary>Default session length: 12 hours.</summary>
    public const int DefaultDurationSeconds = 43200;

    /// <summary>The federated-user session, or the error AWS gives; either outcome is audited before it is returned.</summary>
    public async Task<StsResult<GetFederationTokenResult>> ExecuteAsync(
        Caller caller, DirectoryView directory, GetFederationTokenRequest request, CallContext call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(request);
        var result = await DecideAsync(caller, directory, request, call, cancellationToken);
        return await audit.RecordAsync("GetFederationToken", caller, call, request.Audited, result, r => r.Issued, cancellationToken);
    }

    private async Task<StsResult<GetFederationTokenResult>> DecideAsync(
        Caller caller, DirectoryView directory, GetFederationTokenRequest request, CallContext call, CancellationToken cancellationToken)
    {
        // Only long-term credentials of an IAM user may call it (id_credentials_temp_request comparison table).
        if (caller.Kind != PrincipalKind.User || caller.User is not { } user)
        {
            return StsErrors.AccessDenied("Cannot call GetFederationToken with session credentials");
        }

        var sessionPolicies = policies.CompileRequested(directory, request.Policy, request.PolicyArns, user.Account);
        if (!sessionPolicies.IsSuccess)
        {
            return sessionPolicies.Error;
        }

        // GetFederationToken cannot set transitive tags (id_session-tags).
        var tags = SessionTags.Combine(request.Tags, [], []);
        if (!tags.IsSuccess)
        {
            return tags.Error;
        }

        var grant = SessionGrant.ForFederatedUser(
            user, request.Name, request.DurationSeconds ?? DefaultDurationSeconds, sessionPolicies.Value.Packed, tags.Value.Tags);
        var denied = Authorize(caller, directory, grant.PrincipalArn.ToString(), tags.Value.Tags, call);
        if (denied is not null)
        {
            return denied;
        }

        var issued = await issuer.IssueAsync(grant, cancellationToken);
        return issued.IsSuccess
            ? new GetFederationTokenResult(issued.Value, grant.UserId, grant.PrincipalArn.ToString())
            : issued.Error;
    }

    /// <summary>The user's own policies must allow sts:GetFederationToken on the federated user (and sts:TagSession for tags).</summary>
    private StsError? Authorize(
        Caller caller, DirectoryView directory, string federatedArn, IReadOnlyList<Tag> tags, CallContext call)
    {
        var callerPolicies = policies.ForCaller(directory, caller);
        var actions = tags.Count > 0 ? new[] { "sts:GetFederationToken", "sts:TagSession" } : ["sts:GetFederationToken"];
        foreach (var action in actions)
        {
            var allowed = false;
            if (callerPolicies is not null)
            {
                var context = ConditionKeys.ForCaller(caller, callerPolicies, call, timeProvider.GetUtcNow());
                ConditionKeys.SetRequestTags(context, tags);
                var set = new PolicySet(callerPolicies.Identity, null, callerPolicies.PermissionsBoundary, callerPolicies.Session);
                allowed = PolicyEvaluator.Evaluate(new AuthorizationRequest(caller.Principal, action, federatedArn, context), set).IsAllowed;
            }

            if (!allowed)
            {
                return StsErrors.AccessDenied(AccessDeniedMessage.NotAuthorized(caller.Arn.ToString(), action, federatedArn));
            }
        }

        return null;
    }
}
