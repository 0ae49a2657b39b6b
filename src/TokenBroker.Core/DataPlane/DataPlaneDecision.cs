using TokenBroker.Core.Authentication;
using TokenBroker.Core.Errors;
using TokenBroker.Core.Model;

namespace TokenBroker.Core.DataPlane;

/// <summary>The answer about one request: Allow or Deny, who asked, for what, and why.</summary>
/// <param name="IsAllowed">Whether the request is allowed.</param>
/// <param name="Caller">The authenticated principal, or null when the request did not authenticate.</param>
/// <param name="PrincipalTags">The principal's tags (session tags over role or user tags).</param>
/// <param name="Action">The action decided on (prefix:Name), or null when none could be found.</param>
/// <param name="Resource">The resource decided on, or null.</param>
/// <param name="MatchedStatements">The statements that decided an Allow or an explicit Deny, as policy#statement.</param>
/// <param name="IsExplicitDeny">Whether a Deny statement matched.</param>
/// <param name="EncodedMessage">The encoded authorization message of a Deny after authentication, else null.</param>
/// <param name="Error">Why a request was refused before any policy was evaluated (authentication, unknown route or action), else null.</param>
public sealed record DataPlaneDecision(
    bool IsAllowed,
    Caller? Caller,
    IReadOnlyList<Tag> PrincipalTags,
    string? Action,
    string? Resource,
    IReadOnlyList<string> MatchedStatements,
    bool IsExplicitDeny,
    string? EncodedMessage,
    StsError? Error)
{
    /// <summary>"Allow" or "Deny".</summary>
    public string Decision => IsAllowed ? "Allow" : "Deny";

    /// <summary>A Deny for a request that did not authenticate or could not be mapped to an action.</summary>
    public static DataPlaneDecision Refused(StsError error, Caller? caller = null, string? action = null) =>
        new(false, caller, [], action, null, [], false, null, error);
}
