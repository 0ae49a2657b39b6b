namespace TokenBroker.Core.Iam;

/// <summary>One simulated action on one resource, in the simulator's EvaluationResults shape.</summary>
/// <param name="EvalActionName">The action.</param>
/// <param name="EvalResourceName">The resource ARN.</param>
/// <param name="EvalDecision">allowed, explicitDeny or implicitDeny.</param>
/// <param name="MatchedStatements">The statements that decided it (Allows for allowed, Denies for explicitDeny).</param>
/// <param name="MissingContextValues">Condition keys the policies test that the request's context did not supply.</param>
public sealed record EvaluationResult(
    string EvalActionName,
    string EvalResourceName,
    string EvalDecision,
    IReadOnlyList<SimulatedStatement> MatchedStatements,
    IReadOnlyList<string> MissingContextValues);
