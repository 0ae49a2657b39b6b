using CsCheck;
using TokenBroker.Policy.Evaluation;
using Xunit;

namespace TokenBroker.Policy.Tests;

public sealed class InvariantPropertyTests
{
    [Fact]
    public void Evaluate_AddingDenyStatement_NeverTurnsDecisionIntoAllow()
    {
        Gen.Select(RandomPolicies.Statements, RandomPolicies.Statement("Deny"), RandomPolicies.Request(RandomPolicies.Principals))
            .Sample((statements, deny, request) =>
            {
                var before = PolicyEvaluator.Evaluate(request, new PolicySet([RandomPolicies.Compile(statements, PolicyKind.Identity)]));
                var after = PolicyEvaluator.Evaluate(request, new PolicySet([RandomPolicies.Compile([.. statements, deny], PolicyKind.Identity)]));
                return after.Kind != DecisionKind.Allow || before.Kind == DecisionKind.Allow;
            });
    }

    [Fact]
    public void Evaluate_AddingDenyInAnyPolicyOfTheSet_NeverTurnsDecisionIntoAllow()
    {
        Gen.Select(RandomPolicies.Statements, RandomPolicies.Statements, RandomPolicies.Statement("Deny"), RandomPolicies.Request(RandomPolicies.Principals))
            .Sample((identity, boundary, deny, request) =>
            {
                var identityPolicy = RandomPolicies.Compile(identity, PolicyKind.Identity);
                var before = PolicyEvaluator.Evaluate(request, new PolicySet([identityPolicy], permissionsBoundary: RandomPolicies.Compile(boundary, PolicyKind.PermissionsBoundary)));
                var after = PolicyEvaluator.Evaluate(request, new PolicySet([identityPolicy], permissionsBoundary: RandomPolicies.Compile([.. boundary, deny], PolicyKind.PermissionsBoundary)));
                return after.Kind != DecisionKind.Allow || before.Kind == DecisionKind.Allow;
            });
    }

    [Fact]
    public void Evaluate_AddingSessionPolicyToRoleSession_NeverWidens()
    {
        string[] sessionPrincipals = ["arn:aws:sts::111122223333:assumed-role/R/s", "arn:aws:iam::111122223333:user/alice"];
        Gen.Select(RandomPolicies.Statements, RandomPolicies.Statements, RandomPolicies.Statements, RandomPolicies.Request(sessionPrincipals))
            .Sample((identity, first, second, request) =>
            {
                var identityPolicy = RandomPolicies.Compile(identity, PolicyKind.Identity);
                var one = RandomPolicies.Compile(first, PolicyKind.Session);
                var none = PolicyEvaluator.Evaluate(request, new PolicySet([identityPolicy])).Kind;
                var withOne = PolicyEvaluator.Evaluate(request, new PolicySet([identityPolicy], session: [one])).Kind;
                return (withOne != DecisionKind.Allow || none == DecisionKind.Allow)
                    && (none != DecisionKind.ExplicitDeny || withOne == DecisionKind.ExplicitDeny);
            });
    }

    [Fact]
    public void Evaluate_ShuffledStatements_SameDecisionAndStatements()
    {
        Gen.Select(RandomPolicies.Statements, RandomPolicies.Request(RandomPolicies.Principals), Gen.Int)
            .Sample((statements, request, seed) =>
            {
                RandomPolicies.WithSids(statements);
                var shuffled = statements.OrderBy(s => HashCode.Combine(seed, s["Sid"]!.GetValue<string>())).ToList();
                var a = PolicyEvaluator.Evaluate(request, new PolicySet([RandomPolicies.Compile(statements, PolicyKind.Identity)]));
                var b = PolicyEvaluator.Evaluate(request, new PolicySet([RandomPolicies.Compile(shuffled, PolicyKind.Identity)]));
                var namesA = a.GetDecidingStatements().Select(s => s.Name).Order(StringComparer.Ordinal);
                var namesB = b.GetDecidingStatements().Select(s => s.Name).Order(StringComparer.Ordinal);
                return a.Kind == b.Kind && namesA.SequenceEqual(namesB);
            });
    }

    [Fact]
    public void Evaluate_DecisionKind_AgreesWithDecidingStatements()
    {
        Gen.Select(RandomPolicies.Statements, RandomPolicies.Request(RandomPolicies.Principals))
            .Sample((statements, request) =>
            {
                var decision = PolicyEvaluator.Evaluate(request, new PolicySet([RandomPolicies.Compile(statements, PolicyKind.Identity)]));
                var deciding = decision.GetDecidingStatements();
                return decision.Kind switch
                {
                    DecisionKind.ExplicitDeny => deciding.Count > 0 && deciding.All(s => !s.Statement.IsAllow),
                    DecisionKind.Allow => deciding.All(s => s.Statement.IsAllow)
                        && (deciding.Count > 0 || request.PrincipalKind == PrincipalKind.Root),
                    _ => deciding.Count == 0,
                };
            });
    }
}
