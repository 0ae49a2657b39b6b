using System.Globalization;
using TokenBroker.Core.Errors;
using TokenBroker.Core.Model;
using TokenBroker.Policy;
using TokenBroker.Policy.Compiled;
using TokenBroker.Policy.Evaluation;

namespace TokenBroker.Core.Iam;

/// <summary>
/// SimulatePrincipalPolicy and SimulateCustomPolicy: the broker's own policy engine decides each action on each
/// resource, exactly as it decides real requests, and the decision is reported in the simulator's shape. Like AWS's
/// simulator, only the request's context entries are set (plus the principal keys the engine derives).
/// </summary>
public sealed class IamPolicySimulator(IamAuthorizer authorizer, IamPaging paging, PolicyCache cache)
{
    private sealed record Source(CompiledPolicy Policy, string Id, string Type);

    /// <summary>SimulatePrincipalPolicy: the policies of a user (with its groups), group or role, plus the request's.</summary>
    public async Task<StsResult<IamPage<EvaluationResult>>> SimulatePrincipalAsync(
        IamCall call, PolicySimulationRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(request);
        var sourceArn = request.PolicySourceArn!;
        if (authorizer.Authorize(call, "SimulatePrincipalPolicy", sourceArn) is { } denied)
        {
            return denied;
        }

        var identity = new List<Source>();
        string? boundaryArn;
        string principalArn;
        var account = call.Caller.Account;
        var (kind, name) = Arn.TryParse(sourceArn, out var arn) && arn.Account == account.Value && arn.Service == "iam"
            ? (arn.Resource.Split('/')[0], arn.Resource[(arn.Resource.LastIndexOf('/') + 1)..])
            : ("", "");
        switch (kind)
        {
            case "user" when call.Directory.FindUser(account, name) is { } user && user.Arn.ToString() == sourceArn:
                if (!AddEntity(call, identity, user.Policies, user.ManagedPolicyArns, "user"))
                {
                    return PolicyEvaluationFailure();
                }

                foreach (var group in user.Groups.Select(g => call.Directory.FindGroup(account, g)).OfType<IamGroup>())
                {
                    if (!AddEntity(call, identity, group.Policies, group.ManagedPolicyArns, "group"))
                    {
                        return PolicyEvaluationFailure();
                    }
                }

                boundaryArn = user.PermissionsBoundaryArn;
                principalArn = sourceArn;
                break;
            case "group" when call.Directory.FindGroup(account, name) is { } group && group.Arn.ToString() == sourceArn:
                if (!AddEntity(call, identity, group.Policies, group.ManagedPolicyArns, "group"))
                {
                    return PolicyEvaluationFailure();
                }

                boundaryArn = null;
                principalArn = call.Caller.Arn.ToString();
                break;
            case "role" when call.Directory.FindRole(account, name) is { } role && role.Arn.ToString() == sourceArn:
                if (!AddEntity(call, identity, role.Policies, role.ManagedPolicyArns, "role"))
                {
                    return PolicyEvaluationFailure();
                }

                boundaryArn = role.PermissionsBoundaryArn;
                principalArn = sourceArn;
                break;
            default:
                return IamErrors.NoSuchEntity($"The principal {sourceArn} cannot be found.");
        }

        Source? boundary = null;
        if (boundaryArn is not null)
        {
            var document = call.Directory.FindManagedPolicy(boundaryArn);
            var parsed = document is null ? null : cache.GetOrParse(document.Document, PolicyKind.PermissionsBoundary);
            if (parsed?.Policy is not { } compiled)
            {
                return PolicyEvaluationFailure();
            }

            boundary = new Source(compiled, document!.PolicyName, "user-managed");
        }

        return await SimulateAsync(call, "SimulatePrincipalPolicy", request, identity, boundary, request.CallerArn ?? principalArn, cancellationToken);
    }

    /// <summary>SimulateCustomPolicy: only the policy documents of the request, as the caller (or CallerArn).</summary>
    public async Task<StsResult<IamPage<EvaluationResult>>> SimulateCustomAsync(
        IamCall call, PolicySimulationRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(request);
        if (authorizer.Authorize(call, "SimulateCustomPolicy", "*") is { } denied)
        {
            return denied;
        }

        return await SimulateAsync(call, "SimulateCustomPolicy", request, [], null, request.CallerArn ?? call.Caller.Arn.ToString(), cancellationToken);
    }

    private async Task<StsResult<IamPage<EvaluationResult>>> SimulateAsync(
        IamCall call, string action, PolicySimulationRequest request, List<Source> identity, Source? boundary, string principalArn,
        CancellationToken cancellationToken)
    {
        for (var i = 0; i < request.PolicyInputList.Count; i++)
        {
            var parsed = Parse(request.PolicyInputList[i], PolicyKind.Identity, $"PolicyInputList.{i + 1}");
            if (!parsed.IsSuccess)
            {
                return parsed.Error;
            }

            identity.Add(new Source(parsed.Value, $"PolicyInputList.{i + 1}", "none"));
        }

        if (request.PermissionsBoundaryPolicyInputList.Count > 0)
        {
            var parsed = Parse(request.PermissionsBoundaryPolicyInputList[0], PolicyKind.PermissionsBoundary, "PermissionsBoundaryPolicyInputList.1");
            if (!parsed.IsSuccess)
            {
                return parsed.Error;
            }

            boundary = new Source(parsed.Value, "PermissionsBoundaryPolicyInputList.1", "none");
        }

        Source? resource = null;
        if (request.ResourcePolicy is not null)
        {
            var parsed = Parse(request.ResourcePolicy, PolicyKind.Resource, "ResourcePolicy");
            if (!parsed.IsSuccess)
            {
                return parsed.Error;
            }

            resource = new Source(parsed.Value, "ResourcePolicy", "resource");
        }

        var set = new PolicySet(identity.Select(s => s.Policy), resource?.Policy, boundary?.Policy);
        var context = Context(request.ContextEntries);
        var resources = request.ResourceArns.Count == 0 ? ["*"] : request.ResourceArns;
        var results = new List<EvaluationResult>();
        foreach (var actionName in request.ActionNames)
        {
            foreach (var resourceArn in resources)
            {
                var authorization = new AuthorizationRequest(principalArn, actionName, resourceArn, context, resourceAccount: request.ResourceOwner);
                var decision = PolicyEvaluator.Evaluate(authorization, set);
                results.Add(new EvaluationResult(
                    actionName,
                    resourceArn,
                    decision.Kind switch
                    {
                        DecisionKind.Allow => "allowed",
                        DecisionKind.ExplicitDeny => "explicitDeny",
                        _ => "implicitDeny",
                    },
                    [.. decision.GetDecidingStatements().Select(m => Name(m, identity, boundary, resource)).Distinct()],
                    Missing(set, authorization.Context)));
            }
        }

        var scope = string.Join('\n', request.PolicySourceArn, string.Join('\u001f', request.ActionNames), string.Join('\u001f', resources),
            string.Join('\u001f', request.PolicyInputList.Select(PolicyCache.Hash)), request.CallerArn, request.ResourceOwner,
            request.ResourcePolicy is null ? "" : PolicyCache.Hash(request.ResourcePolicy),
            string.Join('\u001f', request.ContextEntries.Select(e => e.ContextKeyName + "=" + string.Join(',', e.ContextKeyValues))));
        return await paging.PageAsync(call, action, scope, results, request.Page, cancellationToken);
    }

    private bool AddEntity(IamCall call, List<Source> target, IReadOnlyList<InlinePolicy> inline, IReadOnlyList<string> managed, string type)
    {
        foreach (var policy in inline)
        {
            if (cache.GetOrParse(policy.Document, PolicyKind.Identity).Policy is not { } compiled)
            {
                return false;
            }

            target.Add(new Source(compiled, policy.Name, type));
        }

        foreach (var arn in managed)
        {
            var policy = call.Directory.FindManagedPolicy(arn);
            if (policy is null || cache.GetOrParse(policy.Document, PolicyKind.Identity).Policy is not { } compiled)
            {
                return false;
            }

            target.Add(new Source(compiled, policy.PolicyName, "user-managed"));
        }

        return true;
    }

    private StsResult<CompiledPolicy> Parse(string document, PolicyKind kind, string member)
    {
        var parsed = cache.GetOrParse(document, kind);
        return parsed.Policy is { } compiled
            ? compiled
            : IamErrors.InvalidInput($"{member} is not a valid policy: {parsed.Errors[0].Message}");
    }

    private static RequestContext Context(IReadOnlyList<ContextEntry> entries)
    {
        var context = new RequestContext();
        foreach (var entry in entries)
        {
            if (entry.ContextKeyType?.EndsWith("List", StringComparison.Ordinal) == true || entry.ContextKeyValues.Count != 1)
            {
                context.SetMultiValued(entry.ContextKeyName, entry.ContextKeyValues);
            }
            else
            {
                context.Set(entry.ContextKeyName, entry.ContextKeyValues[0]);
            }
        }

        return context;
    }

    // The engine names a statement's policy by its place in the set: identity[i], boundary, resource.
    private static SimulatedStatement Name(MatchedStatement matched, List<Source> identity, Source? boundary, Source? resource)
    {
        var source = matched.Policy switch
        {
            "boundary" => boundary,
            "resource" => resource,
            var slot when slot.StartsWith("identity[", StringComparison.Ordinal)
                && int.TryParse(slot.AsSpan(9, slot.Length - 10), NumberStyles.None, CultureInfo.InvariantCulture, out var index)
                && index < identity.Count => identity[index],
            _ => null,
        };
        return source is null ? new SimulatedStatement(matched.Policy, "none") : new SimulatedStatement(source.Id, source.Type);
    }

    private static List<string> Missing(PolicySet set, RequestContext context) =>
        [.. set.Identity.Concat(set.PermissionsBoundary is { } b ? [b] : []).Concat(set.Resource is { } r ? [r] : [])
            .SelectMany(p => p.Statements)
            .SelectMany(s => s.ConditionKeys)
            .Where(key => !context.Contains(key))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Order(StringComparer.Ordinal)];

    private static StsError PolicyEvaluationFailure() =>
        IamErrors.PolicyEvaluation("The principal's policies could not be read for simulation.");
}
