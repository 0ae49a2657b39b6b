namespace TokenBroker.Policy.Evaluation;

/// <summary>The outcome of an authorization decision.</summary>
public enum DecisionKind
{
    /// <summary>No applicable Allow: the default deny.</summary>
    ImplicitDeny,

    /// <summary>An applicable Allow and no applicable Deny.</summary>
    Allow,

    /// <summary>An applicable Deny, which overrides any Allow.</summary>
    ExplicitDeny,
}
