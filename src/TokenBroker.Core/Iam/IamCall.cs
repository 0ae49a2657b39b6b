using TokenBroker.Core.Authentication;
using TokenBroker.Core.Authorization;
using TokenBroker.Core.Model;

namespace TokenBroker.Core.Iam;

/// <summary>What every IAM operation runs on: the authenticated caller, the request's one directory version and the HTTP facts.</summary>
/// <param name="Caller">The authenticated caller.</param>
/// <param name="Directory">The one directory version every read of the request uses.</param>
/// <param name="Context">The transport facts policies can test.</param>
public sealed record IamCall(Caller Caller, DirectoryView Directory, CallContext Context)
{
    /// <summary>The caller's account as this directory version holds it (empty when the version has no such account).</summary>
    public AccountSnapshot Account =>
        Directory.Snapshot.Accounts.FirstOrDefault(a => a.Id == Caller.Account)
        ?? new AccountSnapshot(Caller.Account, [], [], [], [], [], [], [], []);
}
