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
        var written = await WriteVersionAsync(view, change, cancellationToken);
        return written.IsSuccess ? written.Value.Change.Result : written.Error;
    }

    /// <summary>
    /// Writes <paramref name="change"/> like <see cref="WriteAsync{T}"/>, for a change whose answer is shown once: the
    /// answer comes with the compensating write, <paramref name="remove"/> of what it created (null once that is gone).
    /// </summary>
    public async Task<StsResult<UndoableWrite<T>>> WriteUndoableAsync<T>(
        DirectoryView view,
        Func<DirectoryView, StsResult<DirectoryChange<T>>> change,
        Func<DirectorySnapshot, T, DirectorySnapshot?> remove,
        Func<T, string> describe,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(remove);
        ArgumentNullException.ThrowIfNull(describe);
        var written = await WriteVersionAsync(view, change, cancellationToken);
        if (!written.IsSuccess)
        {
            return written.Error;
        }

        var (version, planned) = written.Value;
        return new UndoableWrite<T>(planned.Result, new WriteCompensation(describe(planned.Result),
            token => RemoveAsync(version, planned.Snapshot, snapshot => remove(snapshot, planned.Result), token)));
    }

    private async Task<StsResult<(string Version, DirectoryChange<T> Change)>> WriteVersionAsync<T>(
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
                return (await store.ReplaceAsync(planned.Value.Snapshot, view.Version, cancellationToken), planned.Value);
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

    // The compensation is planned on the version the write produced, so it needs no read; when another writer got there
    // first, it is planned again on the newer version, and still removes only what the write created.
    private async Task<bool> RemoveAsync(
        string version, DirectorySnapshot snapshot, Func<DirectorySnapshot, DirectorySnapshot?> remove, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            if (remove(snapshot) is not { } without)
            {
                return true;
            }

            try
            {
                await store.ReplaceAsync(without, version, cancellationToken);
                return true;
            }
            catch (DirectoryConflictException) when (attempt < MaxAttempts)
            {
                var current = await store.LoadAsync(cancellationToken);
                (version, snapshot) = (current.Version, current.Snapshot);
            }
            catch (DirectoryConflictException)
            {
                return false;
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
