using TokenBroker.Policy.Evaluation;

namespace TokenBroker.Policy.Simulation;

/// <summary>One parsed line of <c>policy simulate</c> input: the request and its policies, or the errors that stop it.</summary>
internal sealed record SimulationRequest(string? Id, AuthorizationRequest? Request, PolicySet? Policies, IReadOnlyList<string> Errors);
