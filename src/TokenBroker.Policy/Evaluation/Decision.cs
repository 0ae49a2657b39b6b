namespace TokenBroker.Policy.Evaluation;

/// <summary>
/// An authorization decision. Producing it allocates nothing; <see cref="GetDecidingStatements"/> re-runs the
/// evaluation to name the statements that decided it, for audit and explanation.
/// </summary>
public readonly struct Decision : IEquatable<Decision>
{
    private readonly AuthorizationRequest? _request;
    private readonly PolicySet? _policies;

    internal Decision(DecisionKind kind, AuthorizationRequest request, PolicySet policies)
    {
        Kind = kind;
        _request = request;
        _policies = policies;
    }

    /// <summary>Gets the outcome.</summary>
    public DecisionKind Kind { get; }

    /// <summary>Gets a value indicating whether the request is allowed.</summary>
    public bool IsAllowed => Kind == DecisionKind.Allow;

    /// <summary>Lists every matching Deny for an explicit deny, every matching Allow for an allow, and nothing for an implicit deny.</summary>
    public IReadOnlyList<MatchedStatement> GetDecidingStatements() =>
        _request is null || _policies is null || Kind == DecisionKind.ImplicitDeny
            ? []
            : PolicyEvaluator.Explain(_request, _policies, Kind);

    /// <inheritdoc />
    public bool Equals(Decision other) =>
        Kind == other.Kind && ReferenceEquals(_request, other._request) && ReferenceEquals(_policies, other._policies);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Decision other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Kind, _request, _policies);

    /// <inheritdoc />
    public override string ToString() => Kind.ToString();

    /// <summary>Whether two decisions are the same outcome of the same request and policies.</summary>
    public static bool operator ==(Decision left, Decision right) => left.Equals(right);

    /// <summary>Whether two decisions differ.</summary>
    public static bool operator !=(Decision left, Decision right) => !left.Equals(right);
}
