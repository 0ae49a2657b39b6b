namespace TokenBroker.Core.Authentication.WebIdentity;

/// <summary>
/// What a replay cache stores for a token with a <c>jti</c>: a hash of issuer and jti, and when it may be forgotten
/// (after the token can no longer be accepted anyway).
/// </summary>
public sealed record WebIdentityReplayKey(string Key, DateTimeOffset ExpiresAt);
