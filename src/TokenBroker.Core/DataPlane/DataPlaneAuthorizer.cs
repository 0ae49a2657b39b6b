using TokenBroker.Core.Authentication;
using TokenBroker.Core.Authorization;
using TokenBroker.Core.Errors;
using TokenBroker.Core.Model;
using TokenBroker.Core.Usage;
using TokenBroker.Policy;
using TokenBroker.Policy.Evaluation;

namespace TokenBroker.Core.DataPlane;

/// <summary>
/// The data plane's decision, read top to bottom: authenticate the forwarded SigV4 request for the service (same
/// verifier, token cache and revocation check as STS; the credential scope's service must be the service prefix) →
/// map it to action and resource (given, or the catalog's routes) → evaluate identity ∩ permissions boundary ∩ session
/// policies with the resource policy, same-account and cross-account as AWS does → answer, with an encoded message on
/// every Deny after authentication. Anything missing or invalid denies.
/// </summary>
public sealed class DataPlaneAuthorizer(
    CallerAuthenticator authenticator,
    PolicyResolver resolver,
    PolicyCache cache,
    AuthorizationMessageCodec messages,
    AuthorizationMetrics metrics,
    UsageRecorder usage,
    TimeProvider timeProvider)
{
    private readonly CallerPolicies _policies = new(resolver);

    /// <summary>The decision about <paramref name="request"/> for <paramref name="service"/>, with the regions the broker serves.</summary>
    public async Task<DataPlaneDecision> DecideAsync(
        ServiceCatalog service, DataPlaneRequest request, DirectoryView directory, IReadOnlySet<string> regions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(request);
        var authenticated = await authenticator.AuthenticateAsync(request.Request, service.Prefix, regions, directory, cancellationToken);
        if (!authenticated.IsSuccess)
        {
            metrics.Count(service.Prefix, allowed: false);
            return DataPlaneDecision.Refused(authenticated.Error);
        }

        var caller = authenticated.Value;
        var target = Target(service, request, caller);
        if (!target.IsSuccess)
        {
            return CompleteAuthenticatedDecision(service, caller, DataPlaneDecision.Refused(target.Error, caller, request.Action));
        }

        var (action, resource) = target.Value;
        var (policies, principalKeys) = _policies.For(directory, caller);
        var resourcePolicy = ResourcePolicies.For(service, resource, cache);
        var now = timeProvider.GetUtcNow();
        var call = new CallContext("", request.SourceIp, request.UserAgent, request.SecureTransport, caller.Region);
        var context = principalKeys is null ? ConditionKeys.ForCall(call, now) : ConditionKeys.ForCaller(caller, principalKeys, call, now);
        foreach (var (key, values) in request.Context)
        {
            if (values.Count == 1)
            {
                context.Set(key, values[0]);
            }
            else
            {
                context.SetMultiValued(key, values);
            }
        }

        // The caller's principal was built once at authentication (a role session names its role with the role's path).
        var authorization = AuthorizationRequest.OwningContext(caller.Principal, action, resource, context, service.Account.Value);

        // Fail closed: a principal whose policies cannot be found or compiled, or a resource policy that does not
        // compile, gets no decision from the policies at all.
        var kind = DecisionKind.ImplicitDeny;
        IReadOnlyList<MatchedStatement> matched = [];
        if (policies is not null && resourcePolicy.Valid)
        {
            var set = new PolicySet(policies.Identity, resourcePolicy.Policy, policies.PermissionsBoundary, policies.Session);
            var decision = PolicyEvaluator.Evaluate(authorization, set);
            kind = decision.Kind;
            matched = decision.GetDecidingStatements();
        }

        var allowed = kind == DecisionKind.Allow;
        string? encoded = null;
        if (!allowed)
        {
            var message = AuthorizationMessage.Write(false, kind == DecisionKind.ExplicitDeny, matched, caller, action, resource, authorization.Context);
            encoded = await messages.EncodeAsync(message, DecodingAccounts(caller, service), cancellationToken);
        }

        return CompleteAuthenticatedDecision(service, caller, new DataPlaneDecision(
            allowed, caller, policies?.PrincipalTags ?? [], action, resource, matched.Select(m => m.Name).ToList(),
            kind == DecisionKind.ExplicitDeny, encoded, null));
    }

    /// <summary>
    /// The one place every decision about an authenticated principal passes through before it is returned: counted,
    /// and recorded as usage (key last used, last attempt per service and action; denied attempts count, as in access
    /// advisor) off the request path.
    /// </summary>
    private DataPlaneDecision CompleteAuthenticatedDecision(ServiceCatalog service, Caller caller, DataPlaneDecision decision)
    {
        metrics.Count(service.Prefix, decision.IsAllowed);
        if (decision.Action is { } action && action.IndexOf(':', StringComparison.Ordinal) is var colon and >= 0 && colon < action.Length - 1)
        {
            usage.Record(caller, service.Prefix, action[(colon + 1)..], caller.Region);
        }

        return decision;
    }

    /// <summary>The principal's account and the resource owner's account may decode a denial.</summary>
    private static string[] DecodingAccounts(Caller caller, ServiceCatalog service) =>
        caller.Account == service.Account ? [caller.Account.Value] : [caller.Account.Value, service.Account.Value];

    /// <summary>The action and resource: as the resource server gave them (the action must be one the service declares), or from the routes.</summary>
    private static StsResult<(string Action, string Resource)> Target(ServiceCatalog service, DataPlaneRequest request, Caller caller)
    {
        if (request.Action is { } given)
        {
            var colon = given.IndexOf(':', StringComparison.Ordinal);
            var declared = colon > 0 && string.Equals(given[..colon], service.Prefix, StringComparison.OrdinalIgnoreCase)
                ? service.FindAction(given[(colon + 1)..])
                : null;
            if (declared is null)
            {
                return UnknownOperation($"Service {service.Prefix} declares no action {given}.");
            }

            return (service.Prefix + ":" + declared.Name, request.Resource ?? "*");
        }

        var route = ServiceRouter.Match(service, request.Request.Method, request.Request.RawPath);
        if (route is null || service.FindAction(route.Route.Action) is not { } action)
        {
            return UnknownOperation($"No route of service {service.Prefix} matches {request.Request.Method} {request.Request.RawPath}.");
        }

        var resource = "*";
        if (route.Route.Resource is { } typeName && service.FindResourceType(typeName) is { } type)
        {
            if (ArnTemplate.Render(type.Arn, route.Variables, "aws", caller.Region, service.Account.Value) is not { } rendered)
            {
                return UnknownOperation($"The route {route.Route.Method} {route.Route.Path} gives no value for a variable of {type.Arn}.");
            }

            resource = rendered;
        }

        return (service.Prefix + ":" + action.Name, resource);
    }

    private static StsError UnknownOperation(string message) => StsErrors.UnknownOperation(message);
}
