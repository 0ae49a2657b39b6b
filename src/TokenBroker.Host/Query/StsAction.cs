namespace TokenBroker.Host.Query;

/// <summary>One row of the STS action table.</summary>
/// <param name="Name">The Action parameter value.</param>
/// <param name="Signed">Whether the caller must authenticate with SigV4 before the operation runs.</param>
/// <param name="IssuesCredentials">Whether the action issues credentials, so a caller refused before it runs is audited.</param>
/// <param name="RunAsync">Runs the operation and renders its reply.</param>
internal sealed record StsAction(string Name, bool Signed, bool IssuesCredentials, Func<StsRequest, CancellationToken, Task<StsReply>> RunAsync);
