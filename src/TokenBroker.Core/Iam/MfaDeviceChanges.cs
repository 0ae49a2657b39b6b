using System.Security.Cryptography;
using TokenBroker.Core.Errors;
using TokenBroker.Core.Model;

namespace TokenBroker.Core.Iam;

/// <summary>The MFA device changes of the IAM API as pure functions of a directory version: the next directory, or the IAM error.</summary>
public static class MfaDeviceChanges
{
    /// <summary>Most MFA devices one user may have in use (reference/iam-api.md §7).</summary>
    public const int MaxInUsePerUser = 8;

    /// <summary>NoSuchEntity for a device that does not exist (or is not this user's).</summary>
    public static StsError NoSuchDevice(string serialNumber) =>
        IamErrors.NoSuchEntity($"The MFA device with serial number {serialNumber} cannot be found.");

    /// <summary>The ARN of a virtual MFA device, which is its serial number.</summary>
    public static string SerialNumber(AccountId account, string path, string name) => $"arn:aws:iam::{account.Value}:mfa{path}{name}";

    /// <summary>A new, unassigned virtual device owned by the API.</summary>
    public static StsResult<DirectoryChange<MfaDevice>> CreateVirtual(DirectoryView view, AccountId account, string serialNumber, byte[] seed)
    {
        ArgumentNullException.ThrowIfNull(view);
        if (view.FindMfaDevice(serialNumber) is not null)
        {
            return IamErrors.EntityAlreadyExists("MFADevice entity at the same path and name already exists.");
        }

        var device = new MfaDevice(serialNumber, account, null, seed) { Origin = CredentialOrigin.Api };
        return new DirectoryChange<MfaDevice>(WithAccount(view, account, a => a with { MfaDevices = [.. a.MfaDevices, device] }), device);
    }

    /// <summary>The device assigned to the user from <paramref name="now"/> on.</summary>
    public static StsResult<DirectoryChange<MfaDevice>> Enable(DirectoryView view, IamUser user, string serialNumber, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(user);
        if (view.FindUser(user.Account, user.UserName) is null)
        {
            return IamEntities.NoSuchUser(user.UserName);
        }

        if (view.FindMfaDevice(serialNumber) is not { } device || device.Account != user.Account)
        {
            return NoSuchDevice(serialNumber);
        }

        if (device.UserName is not null)
        {
            return IamErrors.EntityAlreadyExists("MFA Device is already in use.");
        }

        var account = view.Snapshot.Accounts.Single(a => a.Id == user.Account);
        if (account.MfaDevices.Count(d => d.UserName == user.UserName) >= MaxInUsePerUser)
        {
            return IamErrors.LimitExceeded($"Cannot exceed quota for MFADevicesInUsePerUser: {MaxInUsePerUser}");
        }

        var enabled = device with { UserName = user.UserName, EnableDate = now };
        return new DirectoryChange<MfaDevice>(Replace(view, device, enabled), enabled);
    }

    /// <summary>The user's device unassigned: it stays as an unassigned virtual device, as IAM keeps it.</summary>
    public static StsResult<DirectoryChange<MfaDevice>> Deactivate(DirectoryView view, AccountId account, string userName, string serialNumber)
    {
        ArgumentNullException.ThrowIfNull(view);
        if (view.FindUser(account, userName) is null)
        {
            return IamEntities.NoSuchUser(userName);
        }

        if (Assigned(view, account, userName, serialNumber) is not { } device)
        {
            return NoSuchDevice(serialNumber);
        }

        var deactivated = device with { UserName = null, EnableDate = null };
        return new DirectoryChange<MfaDevice>(Replace(view, device, deactivated), deactivated);
    }

    /// <summary>The directory without the unassigned virtual device; DeleteConflict while it is assigned.</summary>
    public static StsResult<DirectoryChange<MfaDevice>> DeleteVirtual(DirectoryView view, AccountId account, string serialNumber)
    {
        ArgumentNullException.ThrowIfNull(view);
        if (view.FindMfaDevice(serialNumber) is not { } device || device.Account != account)
        {
            return IamErrors.NoSuchEntity($"VirtualMFADevice with serial number {serialNumber} doesn't exist.");
        }

        if (device.UserName is not null)
        {
            return IamErrors.DeleteConflict("MFA VirtualDevice in use. Must deactivate first.");
        }

        return new DirectoryChange<MfaDevice>(
            WithAccount(view, account, a => a with { MfaDevices = a.MfaDevices.Where(d => d.SerialNumber != serialNumber).ToList() }), device);
    }

    /// <summary>
    /// The directory without a device that <see cref="CreateVirtual"/> made, the compensation when its seed cannot be
    /// handed out; null when that device is gone, assigned, or another one (another seed) now has its serial number.
    /// </summary>
    public static DirectorySnapshot? RemoveCreated(DirectorySnapshot snapshot, MfaDevice created)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(created);
        var account = snapshot.Accounts.FirstOrDefault(a => a.Id == created.Account);
        var current = account?.MfaDevices.FirstOrDefault(d => d.SerialNumber == created.SerialNumber);
        if (current is null || current.UserName is not null || !CryptographicOperations.FixedTimeEquals(current.Seed, created.Seed))
        {
            return null;
        }

        return IamDirectoryWriter.WithAccount(snapshot, created.Account,
            a => a with { MfaDevices = a.MfaDevices.Where(d => d.SerialNumber != created.SerialNumber).ToList() });
    }

    /// <summary>The device if it exists and is assigned to this user, else null.</summary>
    public static MfaDevice? Assigned(DirectoryView view, AccountId account, string userName, string serialNumber)
    {
        ArgumentNullException.ThrowIfNull(view);
        return view.FindMfaDevice(serialNumber) is { } device && device.Account == account
            && string.Equals(device.UserName, userName, StringComparison.Ordinal)
            ? device
            : null;
    }

    private static DirectorySnapshot Replace(DirectoryView view, MfaDevice before, MfaDevice after) =>
        WithAccount(view, before.Account,
            a => a with { MfaDevices = a.MfaDevices.Select(d => d.SerialNumber == before.SerialNumber ? after : d).ToList() });

    private static DirectorySnapshot WithAccount(DirectoryView view, AccountId account, Func<AccountSnapshot, AccountSnapshot> update) =>
        IamDirectoryWriter.WithAccount(view.Snapshot, account, update);
}
