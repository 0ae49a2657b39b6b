using TokenBroker.Policy.Compiled;

namespace TokenBroker.Policy.Evaluation;

/// <summary>What one policy said about a request: whether a Deny applied, and how strongly an Allow named the caller.</summary>
internal struct PolicyOutcome
{
    public bool Deny;
    public PrincipalMatch Allow;

    public readonly bool Allows => Allow != PrincipalMatch.None;
}
