namespace TokenBroker.Core.Operations;

/// <summary>GetCallerIdentityResult: UserId, Account, Arn.</summary>
public sealed record GetCallerIdentityResult(string UserId, string Account, string Arn);
