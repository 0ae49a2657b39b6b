using System.Globalization;
using System.Security.Cryptography;
using TokenBroker.Core.Authentication.Mfa;
using TokenBroker.Core.Errors;
using TokenBroker.Core.Model;
using TokenBroker.Core.Ports;

namespace TokenBroker.Core.Iam;

/// <summary>
/// CreateVirtualMFADevice, EnableMFADevice, ResyncMFADevice, DeactivateMFADevice and DeleteVirtualMFADevice. Create and
/// delete authorize on the device ARN, the others on the user's ARN (AWS's Service Authorization Reference). Two
/// consecutive codes prove the device holds the seed; their time step is then spent, so they cannot sign in afterwards.
/// </summary>
public sealed class IamMfaWrites(IamAuthorizer authorizer, IamDirectoryWriter writer, IDirectory store, TimeProvider timeProvider)
{
    // Seeds as long as AWS's (64 Base32 characters); RFC 4226 §4 asks for at least 128 bits.
    private const int SeedBytes = 40;

    // Codes may be entered late (AWS still enables the device); the first code may be up to this many steps old.
    private const int LateSteps = 10;

    /// <summary>
    /// CreateVirtualMFADevice: an unassigned device with a new seed, shown once, with the write that deletes the device
    /// again when the answer cannot be handed out (its audit record failed).
    /// </summary>
    public async Task<StsResult<UndoableWrite<CreatedVirtualMfaDevice>>> CreateVirtualMfaDeviceAsync(
        IamCall call, CreateVirtualMfaDeviceRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(request);
        var account = call.Caller.Account;
        var serial = MfaDeviceChanges.SerialNumber(account, request.Path, request.VirtualMfaDeviceName);
        if (authorizer.Authorize(call, "CreateVirtualMFADevice", serial) is { } denied)
        {
            return denied;
        }

        var seed = RandomNumberGenerator.GetBytes(SeedBytes);
        var created = await writer.WriteUndoableAsync(call.Directory, view => MfaDeviceChanges.CreateVirtual(view, account, serial, seed),
            MfaDeviceChanges.RemoveCreated, device => $"virtual MFA device {device.SerialNumber}", cancellationToken);
        if (!created.IsSuccess)
        {
            return created.Error;
        }

        var base32 = Base32.Encode(seed);
        var uri = $"otpauth://totp/{Uri.EscapeDataString(request.VirtualMfaDeviceName)}@{account.Value}?secret={base32}";
        return created.Value.With(new CreatedVirtualMfaDevice(serial, base32, uri));
    }

    /// <summary>EnableMFADevice: assigns the device to the user once two consecutive codes match its seed.</summary>
    public async Task<StsResult<MfaDevice>> EnableMfaDeviceAsync(IamCall call, MfaDeviceRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(request);
        var user = authorizer.AuthorizeUser(call, "EnableMFADevice", request.UserName);
        if (!user.IsSuccess)
        {
            return user.Error;
        }

        var now = timeProvider.GetUtcNow();
        var checkOnly = MfaDeviceChanges.Enable(call.Directory, user.Value, request.SerialNumber, now);
        if (!checkOnly.IsSuccess)
        {
            return checkOnly.Error;
        }

        if (await ProveCodesAsync(call.Directory.FindMfaDevice(request.SerialNumber)!, request, now, cancellationToken) is { } invalid)
        {
            return invalid;
        }

        return await writer.WriteAsync(call.Directory, view => MfaDeviceChanges.Enable(view, user.Value, request.SerialNumber, now), cancellationToken);
    }

    /// <summary>ResyncMFADevice: checks two consecutive codes of the user's device and spends their step.</summary>
    public async Task<StsResult<MfaDevice>> ResyncMfaDeviceAsync(IamCall call, MfaDeviceRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(request);
        var user = authorizer.AuthorizeUser(call, "ResyncMFADevice", request.UserName);
        if (!user.IsSuccess)
        {
            return user.Error;
        }

        if (MfaDeviceChanges.Assigned(call.Directory, user.Value.Account, user.Value.UserName, request.SerialNumber) is not { } device)
        {
            return MfaDeviceChanges.NoSuchDevice(request.SerialNumber);
        }

        return await ProveCodesAsync(device, request, timeProvider.GetUtcNow(), cancellationToken) is { } invalid ? invalid : device;
    }

    /// <summary>DeactivateMFADevice: unassigns the device from the user.</summary>
    public async Task<StsResult<MfaDevice>> DeactivateMfaDeviceAsync(IamCall call, MfaDeviceRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(request);
        var user = authorizer.AuthorizeUser(call, "DeactivateMFADevice", request.UserName);
        if (!user.IsSuccess)
        {
            return user.Error;
        }

        return await writer.WriteAsync(call.Directory,
            view => MfaDeviceChanges.Deactivate(view, user.Value.Account, user.Value.UserName, request.SerialNumber), cancellationToken);
    }

    /// <summary>DeleteVirtualMFADevice: removes an unassigned virtual device.</summary>
    public async Task<StsResult<MfaDevice>> DeleteVirtualMfaDeviceAsync(IamCall call, string serialNumber, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(serialNumber);
        if (authorizer.Authorize(call, "DeleteVirtualMFADevice", serialNumber) is { } denied)
        {
            return denied;
        }

        return await writer.WriteAsync(call.Directory,
            view => MfaDeviceChanges.DeleteVirtual(view, call.Caller.Account, serialNumber), cancellationToken);
    }

    // Code 1 for step s and code 2 for s + 1, s from LateSteps back to one ahead; every candidate is computed so timing
    // does not tell which matched. The second step is then spent (RFC 6238 §5.2), as a sign-in spends its code.
    private async Task<StsError?> ProveCodesAsync(MfaDevice device, MfaDeviceRequest request, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var code1 = int.Parse(request.AuthenticationCode1!, NumberStyles.None, CultureInfo.InvariantCulture);
        var code2 = int.Parse(request.AuthenticationCode2!, NumberStyles.None, CultureInfo.InvariantCulture);
        var current = Totp.StepAt(now);
        long? matched = null;
        for (var step = current + 1; step >= current - LateSteps; step--)
        {
            var pair = Totp.Code(device.Seed, step) == code1 & Totp.Code(device.Seed, step + 1) == code2;
            if (pair && matched is null)
            {
                matched = step + 1;
            }
        }

        return matched is { } spent && await store.TryUseTotpStepAsync(device.SerialNumber, spent, cancellationToken)
            ? null
            : IamErrors.InvalidAuthenticationCode("Authentication code for device is not valid.");
    }
}
