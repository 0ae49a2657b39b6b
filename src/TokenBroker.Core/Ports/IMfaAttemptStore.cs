using TokenBroker.Core.Authentication.Mfa;

namespace TokenBroker.Core.Ports;

/// <summary>
/// The failed-code count and lock of each MFA device, shared by every broker instance, so guessing a code is bounded
/// per device however many instances an attacker spreads requests over (docs/security.md, "MFA lockout").
/// </summary>
public interface IMfaAttemptStore
{
    /// <summary>
    /// Atomically replaces the device's record with <paramref name="transition"/> of it (a new device starts at
    /// <see cref="MfaAttempts.None"/>): of any number of concurrent updates on any instances, each sees the result of the
    /// one before. The transition may run more than once (a lost race is retried), so it must be a pure function.
    /// </summary>
    Task UpdateAsync(string serialNumber, Func<MfaAttempts, MfaAttempts> transition, CancellationToken cancellationToken);
}
