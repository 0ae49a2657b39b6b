using TokenBroker.Core.Authentication.Mfa;

namespace TokenBroker.Core.Ports;

/// <summary>
/// The failed-code count and lock of each MFA device, shared by every broker instance, so guessing a code is bounded
/// per device however many instances an attacker spreads requests over (docs/security.md, "MFA lockout").
/// </summary>
public interface IMfaAttemptStore
{
    /// <summary>
    /// Atomically applies <see cref="MfaAttempts.Admit"/> to the device's record: of any number of concurrent calls
    /// on any instances, at most <see cref="MfaLockoutPolicy.MaxFailures"/> are admitted until the count is cleared or
    /// the lock ends.
    /// </summary>
    Task<MfaAdmission> AdmitAsync(string serialNumber, MfaLockoutPolicy policy, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Atomically applies <see cref="MfaAttempts.AfterSuccess"/> after a correct code.</summary>
    Task RecordSuccessAsync(string serialNumber, DateTimeOffset? ownLock, DateTimeOffset now, CancellationToken cancellationToken);
}
