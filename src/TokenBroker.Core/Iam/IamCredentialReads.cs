using TokenBroker.Core.Ports;
using TokenBroker.Core.Errors;
using TokenBroker.Core.Model;

namespace TokenBroker.Core.Iam;

/// <summary>
/// The IAM reads of users' credentials: ListAccessKeys, GetAccessKeyLastUsed, ListMFADevices, ListVirtualMFADevices.
/// No secret or seed ever leaves here: the results carry key ids, status and dates only.
/// </summary>
public sealed class IamCredentialReads(IamAuthorizer authorizer, IamPaging paging, IamUserReads users, IUsageStore usage)
{
    /// <summary>ListAccessKeys: the user's keys (the caller's own when no name is given), oldest first.</summary>
    public async Task<StsResult<IamPage<AccessKey>>> ListAccessKeysAsync(IamCall call, NamedListRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(request);
        var name = IamEntities.UserNameOrCaller(call, request.Name);
        if (!name.IsSuccess)
        {
            return name.Error;
        }

        var user = users.Find(call, "ListAccessKeys", name.Value);
        if (!user.IsSuccess)
        {
            return user.Error;
        }

        var keys = call.Account.AccessKeys
            .Where(k => string.Equals(k.UserName, name.Value, StringComparison.Ordinal))
            .OrderBy(k => k.CreatedAt)
            .ThenBy(k => k.AccessKeyId.Value, StringComparer.Ordinal)
            .ToList();
        return await paging.PageAsync(call, "ListAccessKeys", name.Value, keys, request.Page, cancellationToken);
    }

    /// <summary>
    /// GetAccessKeyLastUsed: the key's user and last use, authorized on that user's ARN. A key the caller's account does
    /// not hold is authorized on <c>*</c> and then NoSuchEntity, so a caller allowed only its own user learns nothing.
    /// </summary>
    public async Task<StsResult<AccessKeyLastUsed>> GetAccessKeyLastUsedAsync(IamCall call, string accessKeyId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        var key = AccessKeyId.TryParse(accessKeyId, out var id) ? call.Directory.FindAccessKey(id) : null;
        if (key is null || key.Account != call.Caller.Account)
        {
            return authorizer.Authorize(call, "GetAccessKeyLastUsed", "*")
                ?? IamErrors.NoSuchEntity($"The Access Key with id {accessKeyId} cannot be found.");
        }

        var (_, resource) = IamEntities.User(call, key.UserName);
        return authorizer.Authorize(call, "GetAccessKeyLastUsed", resource) is { } denied
            ? denied
            : new AccessKeyLastUsed(key.UserName, await usage.GetAccessKeyUseAsync(key.AccessKeyId, cancellationToken));
    }

    /// <summary>ListMFADevices: the user's MFA devices (the caller's own when no name is given).</summary>
    public async Task<StsResult<IamPage<MfaDevice>>> ListMfaDevicesAsync(IamCall call, NamedListRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(request);
        var name = IamEntities.UserNameOrCaller(call, request.Name);
        if (!name.IsSuccess)
        {
            return name.Error;
        }

        var user = users.Find(call, "ListMFADevices", name.Value);
        if (!user.IsSuccess)
        {
            return user.Error;
        }

        var devices = call.Account.MfaDevices
            .Where(d => string.Equals(d.UserName, name.Value, StringComparison.Ordinal))
            .OrderBy(d => d.SerialNumber, StringComparer.Ordinal)
            .ToList();
        return await paging.PageAsync(call, "ListMFADevices", name.Value, devices, request.Page, cancellationToken);
    }

    /// <summary>ListVirtualMFADevices: the account's virtual MFA devices by assignment status.</summary>
    public async Task<StsResult<IamPage<VirtualMfaDevice>>> ListVirtualMfaDevicesAsync(
        IamCall call, ListVirtualMfaDevicesRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(request);
        if (authorizer.Authorize(call, "ListVirtualMFADevices", "*") is { } denied)
        {
            return denied;
        }

        var devices = call.Account.MfaDevices
            .Select(d => new VirtualMfaDevice(d, d.UserName is null ? null : call.Directory.FindUser(call.Caller.Account, d.UserName)))
            .Where(d => request.AssignmentStatus switch
            {
                "Assigned" => d.User is not null,
                "Unassigned" => d.User is null,
                _ => true,
            })
            .OrderBy(d => d.Device.SerialNumber, StringComparer.Ordinal)
            .ToList();
        return await paging.PageAsync(call, "ListVirtualMFADevices", request.AssignmentStatus, devices, request.Page, cancellationToken);
    }
}
