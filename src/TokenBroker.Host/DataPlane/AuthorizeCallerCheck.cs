using TokenBroker.Core.Authentication;
using TokenBroker.Core.Authorization;
using TokenBroker.Core.DataPlane;
using TokenBroker.Core.Errors;
using TokenBroker.Core.Model;
using TokenBroker.Policy.Evaluation;

namespace TokenBroker.Host.DataPlane;

/// <summary>
/// Whether a SigV4 caller of POST /authorize may ask about a service: its policies must allow tokenbroker:AuthorizeRequest
/// on arn:aws:tokenbroker::ACCOUNT:service/PREFIX, ACCOUNT being the service's (so callers of other accounts are refused,
/// as no resource policy opens this resource to them).
/// </summary>
internal sealed class AuthorizeCallerCheck(PolicyResolver resolver, TimeProvider timeProvider)
{
    /// <summary>The action callers need.</summary>
    public const string Action = "tokenbroker:AuthorizeRequest";

    /// <summary>Null when allowed, else AccessDenied naming the action and the service's ARN.</summary>
    public StsError? Check(Caller caller, string prefix, ServiceCatalog? service, DirectoryView directory, CallContext call)
    {
        var resource = $"arn:aws:tokenbroker::{service?.Account.Value ?? "*"}:service/{prefix}";
        var allowed = service is not null
            && resolver.ForCaller(directory, caller) is { } policies
            && PolicyEvaluator.Evaluate(
                new AuthorizationRequest(caller.Arn.ToString(), Action, resource, ConditionKeys.ForCaller(caller, policies, call, timeProvider.GetUtcNow()),
                    caller.Session?.IssuerArn.ToString(), service.Account.Value),
                new PolicySet(policies.Identity, null, policies.PermissionsBoundary, policies.Session)).IsAllowed;
        return allowed ? null : StsErrors.AccessDenied(AccessDeniedMessage.NotAuthorized(caller.Arn.ToString(), Action, resource));
    }
}
