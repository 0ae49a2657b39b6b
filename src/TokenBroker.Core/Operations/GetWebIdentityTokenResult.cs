namespace TokenBroker.Core.Operations;

/// <summary>A signed web identity token, when it expires, and its jti (for the audit record).</summary>
public sealed record GetWebIdentityTokenResult(string WebIdentityToken, DateTimeOffset Expiration, string TokenId);
