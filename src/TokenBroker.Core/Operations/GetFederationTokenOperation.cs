using TokenBroker.Core.Audit;
using TokenBroker.Core.Authentication;
using TokenBroker.Core.Authorization;
using TokenBroker.Core.Credentials;
using TokenBroker.Core.Errors;
using TokenBroker.Core.Model;
using TokenBroker.Core.Protocol;
using TokenBroker.Policy.Evaluation;
using PrincipalKind = TokenBroker.Core.Authentication.PrincipalKind;

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
        Caller caller, DirectoryView directory, QueryParameters parameters, CallContext call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(caller);
        var result = await DecideAsync(caller, directory, parameters, call, cancellationToken);
        return await audit.RecordAsync("GetFederationToken", caller, call, AuditedRequest.From(parameters), result, r => r.Issued, cancellationToken);
    }

    private async Task<StsResult<GetFederationTokenResult>> DecideAsync(
        Caller caller, DirectoryView directory, QueryParameters parameters, CallContext call, CancellationToken cancellationToken)
    {
        var reader = new ParameterReader(parameters);
        var name = reader.Text("Name", StsParameters.FederatedUserName.AsRequired());
        var duration = reader.Number("DurationSeconds", 900, 129600) ?? DefaultDurationSeconds;
        var policy = reader.Text("Policy", StsParameters.SessionPolicy);
        var policyArns = reader.List("PolicyArns", "arn", StsParameters.Arn, StsParameters.MaxPolicyArns);
        var requestedTags = reader.Pairs("Tags", StsParameters.TagKey, StsParameters.TagValue, StsParameters.MaxTags);
        if (reader.Error is { } validation)
        {
            return validation;
        }

        // Only long-term credentials of an IAM user may call it (id_credentials_temp_request comparison table).
        if (caller.Kind != PrincipalKind.User || caller.User is not { } user)
        {
            return StsErrors.AccessDenied("Cannot call GetFederationToken with session credentials");
        }

        var federatedArn = Arn.FederatedUser(user.Account, name!);
        var sessionPolicies = policies.CompileRequested(directory, policy, policyArns, user.Account);
        if (!sessionPolicies.IsSuccess)
        {
            return sessionPolicies.Error;
        }

        // GetFederationToken cannot set transitive tags (id_session-tags).
        var tags = SessionTags.Combine(requestedTags, [], []);
        if (!tags.IsSuccess)
        {
            return tags.Error;
        }

        var denied = Authorize(caller, directory, federatedArn.ToString(), tags.Value.Tags, call);
        if (denied is not null)
        {
            return denied;
        }

        var federatedUserId = user.Account.Value + ":" + name;
        var grant = new SessionGrant(
            SessionPrincipalKind.FederatedUser,
            user.Account,
            federatedArn,
            user.Arn,
            federatedUserId,
            RoleId: null,
            SessionName: name,
            TimeSpan.FromSeconds(duration),
            SessionPolicies.Create(policy, policyArns),
            tags.Value.Tags,
            TransitiveTagKeys: [],
            SourceIdentity: null,
            MultiFactorAuthPresent: false,
            MultiFactorAuthTime: null,
            ChainingDepth: 0,
            FederatedProvider: null);
        var issued = await issuer.IssueAsync(grant, cancellationToken);
        return issued.IsSuccess
            ? new GetFederationTokenResult(issued.Value, federatedUserId, federatedArn.ToString())
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
                allowed = PolicyEvaluator.Evaluate(new AuthorizationRequest(caller.Arn.ToString(), action, federatedArn, context), set).IsAllowed;
            }

            if (!allowed)
            {
                return StsErrors.AccessDenied(AccessDeniedMessage.NotAuthorized(caller.Arn.ToString(), action, federatedArn));
            }
        }

        return null;
    }
}
