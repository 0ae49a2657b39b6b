namespace TokenBroker.Policy.Evaluation;

/// <summary>What a caller ARN says about the caller.</summary>
internal readonly record struct ParsedPrincipal(PrincipalKind Kind, string Account, string? DefaultIssuer, string? UserName);
