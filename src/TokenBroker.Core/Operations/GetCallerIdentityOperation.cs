using TokenBroker.Core.Authentication;
using PrincipalKind = TokenBroker.Policy.Evaluation.PrincipalKind;

namespace TokenBroker.Core.Operations;

/// <summary>GetCallerIdentity: who signed this request. No permission is needed and an explicit Deny has no effect (AWS).</summary>
public static class GetCallerIdentityOperation
{
    /// <summary>The caller's UserId, Account and Arn.</summary>
    public static GetCallerIdentityResult Execute(Caller caller, GetCallerIdentityRequest request)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(request);

        // A GetSessionToken session reports its IAM user, as AWS does.
        return caller.User is { } user && caller.Kind is PrincipalKind.User or PrincipalKind.UserSession
            ? new GetCallerIdentityResult(user.UserId, user.Account.Value, user.Arn.ToString())
            : new GetCallerIdentityResult(caller.UserId, caller.Account.Value, caller.Arn.ToString());
    }
}
