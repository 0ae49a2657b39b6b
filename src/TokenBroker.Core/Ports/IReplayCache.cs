namespace TokenBroker.Core.Ports;

/// <summary>
/// Remembers one-time values (SAML assertion IDs, web identity token jti) until they expire, so a captured token or
/// assertion cannot be used twice while it is still valid.
/// </summary>
public interface IReplayCache
{
    /// <summary>
    /// Atomically records <paramref name="key"/> until <paramref name="expiresAt"/>; false when the key is already
    /// recorded and not yet expired. Expired entries are forgotten lazily.
    /// </summary>
    Task<bool> TryAddAsync(string key, DateTimeOffset expiresAt, CancellationToken cancellationToken);
}
