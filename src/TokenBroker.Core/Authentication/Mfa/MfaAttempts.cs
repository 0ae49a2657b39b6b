namespace TokenBroker.Core.Authentication.Mfa;

/// <summary>
/// The failed-code count of one MFA device and its lock, as the attempt store keeps it. Both store adapters apply these
/// transitions inside one atomic read-modify-write, so the rules exist once (docs/security.md, "MFA lockout").
/// </summary>
/// <param name="Failures">Attempts admitted since the count was last cleared that were not shown correct.</param>
/// <param name="LockedUntil">When the lock set by the last counted attempt ends (whole milliseconds), or null.</param>
public sealed record MfaAttempts(int Failures, DateTimeOffset? LockedUntil)
{
    /// <summary>A device with no failure recorded.</summary>
    public static MfaAttempts None { get; } = new(0, null);

    /// <summary>
    /// Counts one attempt before its code is checked, unless the device is locked: counting first means that however
    /// many requests race, at most MaxFailures codes are ever checked per lock period. The attempt that reaches the
    /// maximum locks the device; a lock that has ended starts a new count.
    /// </summary>
    public (MfaAttempts Next, MfaAdmission Admission) Admit(MfaLockoutPolicy policy, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (LockedUntil is { } until && until > now)
        {
            return (this, new MfaAdmission(false, Failures, until));
        }

        var failures = (LockedUntil is null ? Failures : 0) + 1;
        if (failures < policy.MaxFailures)
        {
            return (new MfaAttempts(failures, null), new MfaAdmission(true, failures, null));
        }

        // Whole milliseconds, the precision both stores keep, so the lock reads back equal to the one returned here.
        var lockedUntil = DateTimeOffset.FromUnixTimeMilliseconds((now + policy.LockoutDuration).ToUnixTimeMilliseconds());
        return (new MfaAttempts(failures, lockedUntil), new MfaAdmission(true, failures, lockedUntil));
    }

    /// <summary>
    /// Clears the count after a correct code, and the lock only when <paramref name="ownLock"/> set it (the admitted
    /// attempt that reached the maximum was the correct one). A lock set by another attempt stands until it ends, so
    /// a correct code racing with failures never reopens a locked device.
    /// </summary>
    public MfaAttempts AfterSuccess(DateTimeOffset? ownLock, DateTimeOffset now) =>
        LockedUntil is { } until && until > now && until != ownLock ? this : None;
}
