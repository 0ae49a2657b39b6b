using System.Globalization;
using TokenBroker.Core.Audit;
using TokenBroker.Core.Authorization;
using TokenBroker.Core.Errors;
using TokenBroker.Core.Model;
using TokenBroker.Core.Ports;

namespace TokenBroker.Core.Authentication.Mfa;

/// <summary>
/// Checks SerialNumber + TokenCode against the user's virtual MFA device: the code of the current step or one step
/// either side, each step usable once. Every attempt is counted against the device in the shared attempt store before
/// its code is checked, and a device that reached <see cref="MfaLockoutPolicy.MaxFailures"/> refuses every code until
/// its lock ends, so guessing is bounded (docs/security.md, "MFA lockout"). Failures are AccessDenied with AWS's messages.
/// </summary>
public sealed class MfaVerifier(
    IDirectory store, IMfaAttemptStore attempts, MfaLockoutPolicy policy, CredentialAudit audit, TimeProvider timeProvider)
{
    private const string InvalidCode = "MultiFactorAuthentication failed with invalid MFA one time pass code.";

    /// <summary>When MFA was verified; null when neither SerialNumber nor TokenCode was given.</summary>
    public async Task<StsResult<DateTimeOffset?>> VerifyAsync(
        DirectoryView directory, Caller caller, IamUser user, CallContext call, string? serialNumber, string? tokenCode,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(user);
        if (serialNumber is null && tokenCode is null)
        {
            return (DateTimeOffset?)null;
        }

        if (serialNumber is null || tokenCode is null)
        {
            return StsErrors.AccessDenied("MultiFactorAuthentication failed, must provide both MFA serial number and one time pass code.");
        }

        var device = directory.FindMfaDevice(serialNumber);
        if (device is null || device.Account != user.Account || !string.Equals(device.UserName, user.UserName, StringComparison.Ordinal))
        {
            return StsErrors.AccessDenied(
                "MultiFactorAuthentication failed, unable to validate MFA code. Please verify your MFA serial number is valid and associated with this user.");
        }

        // Counted before the code is looked at: a locked device refuses without checking (so neither the answer nor
        // its timing tells whether a code was right), and racing requests cannot get more codes checked than allowed.
        var now = timeProvider.GetUtcNow();
        var admission = await attempts.AdmitAsync(device.SerialNumber, policy, now, cancellationToken);
        if (!admission.Admitted)
        {
            await audit.RecordMfaAsync(MfaActions.RefusedWhileLocked, caller, call, device.SerialNumber, cancellationToken);
            return StsErrors.AccessDenied(InvalidCode);
        }

        var code = int.Parse(tokenCode, NumberStyles.None, CultureInfo.InvariantCulture);
        var step = Totp.MatchingStep(device.Seed, code, now);
        if (step is null || !await store.TryUseTotpStepAsync(device.SerialNumber, step.Value, cancellationToken))
        {
            await audit.RecordMfaAsync(MfaActions.CodeRejected, caller, call, device.SerialNumber, cancellationToken);
            if (admission.LockedDevice)
            {
                await audit.RecordMfaAsync(MfaActions.DeviceLocked, caller, call, device.SerialNumber, cancellationToken);
            }

            return StsErrors.AccessDenied(InvalidCode);
        }

        // AWS-like: a correct code clears the count, unless another attempt has locked the device meanwhile.
        await attempts.RecordSuccessAsync(device.SerialNumber, admission.LockedUntil, now, cancellationToken);
        return now;
    }
}
