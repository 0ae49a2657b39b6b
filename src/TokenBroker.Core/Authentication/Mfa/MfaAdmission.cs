namespace TokenBroker.Core.Authentication.Mfa;

/// <summary>Whether an MFA code may be checked, as the attempt store decided atomically.</summary>
/// <param name="Admitted">True when the code may be checked; false when the device is locked and every code is refused.</param>
/// <param name="Failures">The device's count including this attempt (admitted attempts count as failures until shown correct).</param>
/// <param name="LockedUntil">When the lock ends: the lock met (not admitted) or the lock this attempt set; null when unlocked.</param>
public sealed record MfaAdmission(bool Admitted, int Failures, DateTimeOffset? LockedUntil)
{
    /// <summary>Whether this very attempt brought the count to the maximum and locked the device.</summary>
    public bool LockedDevice => Admitted && LockedUntil is not null;
}
