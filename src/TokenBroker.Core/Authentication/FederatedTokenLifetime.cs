namespace TokenBroker.Core.Authentication;

/// <summary>
/// The longest validity the broker accepts on a SAML assertion or a web identity token, measured from its issue time.
/// A bearer token that lives longer is refused, so a replay entry never has to outlive it by more than a day plus the
/// skew, and a far-future expiry (up to 9999-12-31) can neither pin a replay entry forever nor stay replayable for years.
/// </summary>
internal static class FederatedTokenLifetime
{
    /// <summary>24 hours: the EKS service-account token default and the longest lifetime any IdP here is expected to issue.</summary>
    public static readonly TimeSpan Max = TimeSpan.FromHours(24);

    /// <summary>True when a token issued at <paramref name="issuedAt"/> (or, without an issue time, presented at <paramref name="now"/>) stays valid more than <see cref="Max"/>.</summary>
    public static bool IsTooLong(DateTimeOffset? issuedAt, DateTimeOffset notOnOrAfter, DateTimeOffset now) =>
        notOnOrAfter - (issuedAt ?? now) > Max;
}
