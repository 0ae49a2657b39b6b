using TokenBroker.Core.Authentication.Mfa;

namespace TokenBroker.Core.Ports;

/// <summary>The two changes the MFA check makes to a device's record, each one atomic update of the store.</summary>
public static class MfaAttemptTransitions
{
    /// <summary>
    /// Applies <see cref="MfaAttempts.Admit"/>: of any number of concurrent calls on any instances, at most
    /// <see cref="MfaLockoutPolicy.MaxFailures"/> are admitted until the count is cleared or the lock ends.
    /// </summary>
    public static async Task<MfaAdmission> AdmitAsync(
        this IMfaAttemptStore store, string serialNumber, MfaLockoutPolicy policy, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(policy);
        MfaAdmission? admission = null;

        // The transition may run again after a lost race: the admission of the run that was written is the answer.
        await store.UpdateAsync(serialNumber, current =>
        {
            var (next, result) = current.Admit(policy, now);
            admission = result;
            return next;
        }, cancellationToken);
        return admission!;
    }

    /// <summary>Applies <see cref="MfaAttempts.AfterSuccess"/> after a correct code.</summary>
    public static Task RecordSuccessAsync(
        this IMfaAttemptStore store, string serialNumber, DateTimeOffset? ownLock, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        return store.UpdateAsync(serialNumber, current => current.AfterSuccess(ownLock, now), cancellationToken);
    }
}
