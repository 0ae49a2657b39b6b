using TokenBroker.Core.Authorization;
using TokenBroker.Core.Errors;
using TokenBroker.Core.Model;
using TokenBroker.Policy.Evaluation;

namespace TokenBroker.Core.Iam;

/// <summary>
/// Authorizes an IAM call with the policy engine, as every STS operation is: the caller's identity policies, permissions
/// boundary and session policies must allow <c>iam:ACTION</c> on the resource ARN the Service Authorization Reference
/// names (<c>*</c> for account-wide lists). Anything that cannot be resolved is denied.
/// </summary>
public sealed class IamAuthorizer(PolicyResolver policies, TimeProvider timeProvider)
{
    /// <summary>Null when the caller may perform <c>iam:<paramref name="action"/></c> on <paramref name="resource"/>, else IAM's AccessDenied.</summary>
    public StsError? Authorize(IamCall call, string action, string resource)
    {
        ArgumentNullException.ThrowIfNull(call);
        var caller = call.Caller;
        var iamAction = "iam:" + action;

        // GetFederationToken sessions cannot call IAM, and GetSessionToken sessions only with MFA
        // (id_credentials_temp_request, comparison of the STS APIs).
        if (caller.Kind == PrincipalKind.FederatedUser
            || (caller.Kind == PrincipalKind.UserSession && caller.Session is not { MultiFactorAuthPresent: true }))
        {
            return IamErrors.AccessDenied(caller.Arn.ToString(), iamAction, resource, explicitDeny: false);
        }

        var effective = policies.ForCaller(call.Directory, caller);
        if (effective is null)
        {
            return IamErrors.AccessDenied(caller.Arn.ToString(), iamAction, resource, explicitDeny: false);
        }

        var context = ConditionKeys.ForCaller(caller, effective, call.Context, timeProvider.GetUtcNow());
        var set = new PolicySet(effective.Identity, null, effective.PermissionsBoundary, effective.Session);
        var decision = PolicyEvaluator.Evaluate(new AuthorizationRequest(caller.Arn.ToString(), iamAction, resource, context), set);
        return decision.IsAllowed
            ? null
            : IamErrors.AccessDenied(caller.Arn.ToString(), iamAction, resource, decision.Kind == DecisionKind.ExplicitDeny);
    }

    /// <summary>
    /// The user an IAM call names (or the calling user when it names none) once the caller may perform
    /// <c>iam:<paramref name="action"/></c> on it: AccessDenied before NoSuchEntity, as every IAM operation orders them.
    /// </summary>
    public StsResult<IamUser> AuthorizeUser(IamCall call, string action, string? userName)
    {
        var name = IamEntities.UserNameOrCaller(call, userName);
        if (!name.IsSuccess)
        {
            return name.Error;
        }

        var named = name.Value;
        return AuthorizeEntity(call, action, IamEntities.User(call, named), () => IamEntities.NoSuchUser(named));
    }

    /// <summary>
    /// The entity a lookup (<see cref="IamEntities"/>) found, once the caller may perform <c>iam:<paramref name="action"/></c>
    /// on its ARN: AccessDenied before NoSuchEntity, so a caller denied the action cannot learn whether the entity exists.
    /// </summary>
    public StsResult<T> AuthorizeEntity<T>(IamCall call, string action, (T? Entity, string Resource) lookup, Func<StsError> noSuchEntity)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(noSuchEntity);
        if (Authorize(call, action, lookup.Resource) is { } denied)
        {
            return denied;
        }

        return lookup.Entity is { } entity ? entity : noSuchEntity();
    }
}
