namespace TokenBroker.Policy.Compiled;

/// <summary>
/// How a Principal element named the caller, which decides what still limits a same-account grant
/// (IAM User Guide, reference_policies_evaluation-logic, resource-based policies and session principals).
/// </summary>
internal enum PrincipalMatch
{
    /// <summary>Not named.</summary>
    None,

    /// <summary>Named through its account (<c>123456789012</c> or <c>arn:aws:iam::123456789012:root</c>): delegates to identity policies.</summary>
    Account,

    /// <summary>Named through the identity that issued the session (the role of a role session, the IAM user of a federated user).</summary>
    Issuer,

    /// <summary>Named exactly (its own ARN, a service or provider, or <c>*</c>).</summary>
    Direct,
}
