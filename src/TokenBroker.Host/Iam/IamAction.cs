using TokenBroker.Host.Query;

namespace TokenBroker.Host.Iam;

/// <summary>One row of the IAM action table: the Action name and what binds the request, runs the operation and writes its result.</summary>
/// <param name="Name">The Action parameter value.</param>
/// <param name="RunAsync">Binds the typed request, runs the operation and renders its reply.</param>
internal sealed record IamAction(string Name, Func<IamRequest, CancellationToken, Task<StsReply>> RunAsync);
