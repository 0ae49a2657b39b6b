using System.Globalization;
using TokenBroker.Core.Errors;
using TokenBroker.Core.Model;
using TokenBroker.Core.Ports;

namespace TokenBroker.Core.Authentication.Mfa;

/// <summary>
/// Checks SerialNumber + TokenCode against the user's virtual MFA device: the code of the current step or one step
/// either side, each step usable once. Failures are AccessDenied with AWS's messages.
/// </summary>
public sealed class MfaVerifier(IDirectory store, TimeProvider timeProvider)
{
    /// <summary>When MFA was verified; null when neither SerialNumber nor TokenCode was given.</summary>
    public async Task<StsResult<DateTimeOffset?>> VerifyAsync(
        DirectoryView directory, AccountId account, string userName, string? serialNumber, string? tokenCode, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(directory);
        if (serialNumber is null && tokenCode is null)
        {
            return (DateTimeOffset?)null;
        }

        if (serialNumber is null || tokenCode is null)
        {
            return StsErrors.AccessDenied("MultiFactorAuthentication failed, must provide both MFA serial number and one time pass code.");
        }

        var device = directory.FindMfaDevice(serialNumber);
        if (device is null || device.Account != account || !string.Equals(device.UserName, userName, StringComparison.Ordinal))
        {
            return StsErrors.AccessDenied(
                "MultiFactorAuthentication failed, unable to validate MFA code. Please verify your MFA serial number is valid and associated with this user.");
        }

        var now = timeProvider.GetUtcNow();
        var code = int.Parse(tokenCode, NumberStyles.None, CultureInfo.InvariantCulture);
        var step = Totp.MatchingStep(device.Seed, code, now);
        if (step is null || !await store.TryUseTotpStepAsync(serialNumber, step.Value, cancellationToken))
        {
            return StsErrors.AccessDenied("MultiFactorAuthentication failed with invalid MFA one time pass code.");
        }

        return now;
    }
}
