using TokenBroker.Core.Errors;
using TokenBroker.Core.Model;

namespace TokenBroker.Core.Iam;

/// <summary>
/// CreateAccessKey, UpdateAccessKey and DeleteAccessKey: each authorizes <c>iam:ACTION</c> on the user's ARN (the
/// caller's own user when no name is given), then writes a new directory version. Keys created here belong to the API.
/// </summary>
public sealed class IamAccessKeyWrites(IamAuthorizer authorizer, IamDirectoryWriter writer, TimeProvider timeProvider)
{
    /// <summary>
    /// CreateAccessKey: a new active key whose secret is in this answer and never again, with the write that deletes the
    /// key again when the answer cannot be handed out (its audit record failed).
    /// </summary>
    public async Task<StsResult<UndoableWrite<AccessKey>>> CreateAccessKeyAsync(IamCall call, string? userName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        var user = authorizer.AuthorizeUser(call, "CreateAccessKey", userName);
        if (!user.IsSuccess)
        {
            return user.Error;
        }

        var now = timeProvider.GetUtcNow();
        return await writer.WriteUndoableAsync(call.Directory, view => AccessKeyChanges.Create(view, user.Value, now),
            AccessKeyChanges.RemoveCreated, AccessKeyChanges.Describe, cancellationToken);
    }

    /// <summary>UpdateAccessKey: sets the key Active or Inactive.</summary>
    public async Task<StsResult<AccessKey>> UpdateAccessKeyAsync(IamCall call, AccessKeyRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(request);
        var user = authorizer.AuthorizeUser(call, "UpdateAccessKey", request.UserName);
        if (!user.IsSuccess)
        {
            return user.Error;
        }

        var status = request.Status ?? AccessKeyStatus.Active;
        return await writer.WriteAsync(call.Directory,
            view => AccessKeyChanges.SetStatus(view, call.Caller.Account, user.Value.UserName, request.AccessKeyId, status), cancellationToken);
    }

    /// <summary>DeleteAccessKey: removes the key.</summary>
    public async Task<StsResult<AccessKey>> DeleteAccessKeyAsync(IamCall call, AccessKeyRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(request);
        var user = authorizer.AuthorizeUser(call, "DeleteAccessKey", request.UserName);
        if (!user.IsSuccess)
        {
            return user.Error;
        }

        return await writer.WriteAsync(call.Directory,
            view => AccessKeyChanges.Delete(view, call.Caller.Account, user.Value.UserName, request.AccessKeyId), cancellationToken);
    }
}
