using TokenBroker.Core.Errors;
using TokenBroker.Core.Model;
using TokenBroker.Core.Ports;

namespace TokenBroker.Core.Iam;

/// <summary>
/// Writes an IAM change as a new whole directory version: the change is planned on a view and written only if the
/// directory is still at that view's version; when another writer got there first, the change is planned again on the
/// new version, a few times at most, then refused with ConcurrentModification. Nothing is ever written half.
/// </summary>
public sealed class IamDirectoryWriter(IDirectory store)
{
    /// <summary>How many times a change is planned and tried before ConcurrentModification.</summary>
    public const int MaxAttempts = 4;

    /// <summary>Plans <paramref name="change"/> on the request's view (then on newer ones after a conflict) and writes it.</summary>
    public async Task<StsResult<T>> WriteAsync<T>(
        DirectoryView view, Func<DirectoryView, StsResult<DirectoryChange<T>>> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(change);
        for (var attempt = 1; ; attempt++)
        {
            var planned = change(view);
            if (!planned.IsSuccess)
            {
                return planned.Error;
            }

            try
            {
                await store.ReplaceAsync(planned.Value.Snapshot, view.Version, cancellationToken);
                return planned.Value.Result;
            }
            catch (DirectoryConflictException) when (attempt < MaxAttempts)
            {
                view = await store.LoadAsync(cancellationToken);
            }
            catch (DirectoryConflictException)
            {
                return IamErrors.ConcurrentModification();
            }
        }
    }

    /// <summary>The snapshot with one account replaced by <paramref name="update"/> of it.</summary>
    public static DirectorySnapshot WithAccount(DirectorySnapshot snapshot, AccountId account, Func<AccountSnapshot, AccountSnapshot> update)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(update);
        return new DirectorySnapshot(snapshot.Accounts.Select(a => a.Id == account ? update(a) : a).ToList());
    }
}
