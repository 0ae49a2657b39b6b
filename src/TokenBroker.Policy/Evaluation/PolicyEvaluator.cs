using System.Globalization;
using TokenBroker.Policy.Compiled;

namespace TokenBroker.Policy.Evaluation;

/// <summary>
/// Evaluates a request against a policy set with AWS's logic (IAM User Guide, reference_policies_evaluation-logic
/// and reference_policies_evaluation-logic-cross-account; reference/policy.md §1.1).
/// </summary>
public static class PolicyEvaluator
{
    /// <summary>Decides a request; allocates nothing.</summary>
    public static Decision Evaluate(AuthorizationRequest request, PolicySet policies)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(policies);
        return new Decision(Decide(request, policies, null), request, policies);
    }

    internal static List<MatchedStatement> Explain(AuthorizationRequest request, PolicySet policies, DecisionKind kind)
    {
        var matched = new List<MatchedStatement>();
        Decide(request, policies, matched);
        matched.RemoveAll(m => m.Statement.IsAllow != (kind == DecisionKind.Allow));
        return matched;
    }

    /// <summary>
    /// Every policy is scanned for a Deny first (an explicit deny wins everywhere); then identity ∩ permissions
    /// boundary ∩ session policies is combined with the resource or trust policy.
    /// </summary>
    private static DecisionKind Decide(AuthorizationRequest request, PolicySet policies, List<MatchedStatement>? collector)
    {
        var deny = false;
        var identity = new PolicyOutcome();
        for (var i = 0; i < policies.Identity.Length; i++)
        {
            Accumulate(ref identity, ref deny, Scan(policies.Identity[i], request, collector, "identity", i));
        }

        var boundary = new PolicyOutcome();
        if (policies.PermissionsBoundary is { } permissionsBoundary)
        {
            Accumulate(ref boundary, ref deny, Scan(permissionsBoundary, request, collector, "boundary", -1));
        }

        var session = new PolicyOutcome();
        for (var i = 0; i < policies.Session.Length; i++)
        {
            Accumulate(ref session, ref deny, Scan(policies.Session[i], request, collector, "session", i));
        }

        var resource = new PolicyOutcome();
        if (policies.Resource is { } resourcePolicy)
        {
            Accumulate(ref resource, ref deny, Scan(resourcePolicy, request, collector, "resource", -1));
        }

        if (deny)
        {
            return DecisionKind.ExplicitDeny;
        }

        var boundaryAllows = policies.PermissionsBoundary is null || boundary.Allows;
        var limitsAllow = boundaryAllows && SessionPoliciesAllow(request, policies, session);
        return Combine(request, policies, identity.Allows, limitsAllow, resource.Allow)
            ? DecisionKind.Allow
            : DecisionKind.ImplicitDeny;
    }

    /// <summary>
    /// Session policies limit a session (union among themselves). A federated user (GetFederationToken) without a
    /// session policy has no permissions; a role session without one keeps its role's permissions.
    /// </summary>
    private static bool SessionPoliciesAllow(AuthorizationRequest request, PolicySet policies, PolicyOutcome session) =>
        policies.Session.Length == 0 ? request.PrincipalKind != PrincipalKind.FederatedUser : session.Allows;

    private static bool Combine(
        AuthorizationRequest request, PolicySet policies, bool identityAllows, bool limitsAllow, PrincipalMatch resource)
    {
        // The account root user has full access in its own account; boundaries and session policies do not apply.
        var identityPath = request.PrincipalKind switch
        {
            PrincipalKind.Root => true,
            PrincipalKind.User or PrincipalKind.Role or PrincipalKind.AssumedRole or PrincipalKind.FederatedUser =>
                identityAllows && limitsAllow,
            _ => false,
        };

        if (policies.Resource is null)
        {
            // Cross-account access needs the owning account's resource policy (evaluation-logic-cross-account). Every
            // KMS key has a key policy, and without it identity policies open nothing (KMS Developer Guide, key-policies).
            return identityPath && request.IsSameAccount && !request.TargetsKmsKey;
        }

        // Role trust policies and KMS key policies must allow the principal explicitly, even within the account:
        // naming the principal, its role, or its account (which delegates to identity policies); else an identity
        // policy's Allow is not enough (reference_policies_evaluation-logic_policy-eval-denyallow).
        if ((policies.IsTrust || request.TargetsKmsKey) && resource == PrincipalMatch.None)
        {
            return false;
        }

        if (request.IsSameAccount)
        {
            // Naming the caller itself grants directly; naming its role (or the IAM user behind a federated user)
            // is still limited by the boundary and session policies; naming the account delegates to identity policies.
            return resource == PrincipalMatch.Direct
                || (resource == PrincipalMatch.Issuer && limitsAllow)
                || identityPath;
        }

        // Callers with no identity policies (services, identity providers, anonymous) are decided by the resource
        // policy alone; IAM callers need an Allow on both sides of the account boundary.
        return request.IsIamPrincipal
            ? resource != PrincipalMatch.None && identityPath
            : resource == PrincipalMatch.Direct;
    }

    private static void Accumulate(ref PolicyOutcome total, ref bool deny, PolicyOutcome outcome)
    {
        deny |= outcome.Deny;
        if (outcome.Allow > total.Allow)
        {
            total.Allow = outcome.Allow;
        }
    }

    /// <summary>Scans the candidate statements; their order does not matter, as statements combine with OR.</summary>
    private static PolicyOutcome Scan(
        CompiledPolicy policy, AuthorizationRequest request, List<MatchedStatement>? collector, string slot, int index)
    {
        var outcome = new PolicyOutcome();
        var candidates = policy.Candidates(request.ActionService);
        ScanStatements(candidates.Always, request, collector, slot, index, ref outcome);
        ScanStatements(candidates.Keyed(request.ResourceKey), request, collector, slot, index, ref outcome);
        return outcome;
    }

    private static void ScanStatements(
        CompiledStatement[] statements,
        AuthorizationRequest request,
        List<MatchedStatement>? collector,
        string slot,
        int index,
        ref PolicyOutcome outcome)
    {
        foreach (var statement in statements)
        {
            // Once a Direct allow is known, further allows cannot change the decision; denies still must be found.
            if (collector is null && statement.IsAllow && outcome.Allow == PrincipalMatch.Direct)
            {
                continue;
            }

            var match = statement.Match(request);
            if (match == PrincipalMatch.None)
            {
                continue;
            }

            if (collector is not null)
            {
                var name = index < 0 ? slot : string.Create(CultureInfo.InvariantCulture, $"{slot}[{index}]");
                collector.Add(new MatchedStatement(name, statement));
            }

            if (!statement.IsAllow)
            {
                outcome.Deny = true;
            }
            else if (match > outcome.Allow)
            {
                outcome.Allow = match;
            }
        }
    }
}
