namespace TokenBroker.Core.Authentication.WebIdentity;

/// <summary>The registered client ID found in <c>aud</c>, and the <c>azp</c> if the token had one.</summary>
internal sealed record MatchedAudience(string MatchedClientId, string? AuthorizedParty)
{
    /// <summary>The audience AWS reports: azp when present (the client the token was issued to), else the matched aud.</summary>
    public string Audience => AuthorizedParty ?? MatchedClientId;
}
