namespace TokenBroker.Core.Authentication.Mfa;

/// <summary>How many wrong codes an MFA device tolerates before it is locked, and for how long it then stays locked.</summary>
/// <param name="MaxFailures">TOKENBROKER_MFA_MAX_FAILURES: the attempt that brings the count to this number locks the device.</param>
/// <param name="LockoutDuration">TOKENBROKER_MFA_LOCKOUT_SECONDS: how long a locked device refuses every code.</param>
public sealed record MfaLockoutPolicy(int MaxFailures, TimeSpan LockoutDuration)
{
    /// <summary>Five failures, then fifteen minutes locked (docs/security.md, "MFA lockout").</summary>
    public static MfaLockoutPolicy Default { get; } = new(5, TimeSpan.FromSeconds(900));
}
