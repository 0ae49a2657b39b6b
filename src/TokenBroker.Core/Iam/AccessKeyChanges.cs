using TokenBroker.Core.Errors;
using TokenBroker.Core.Model;

namespace TokenBroker.Core.Iam;

/// <summary>
/// The access-key changes of the IAM API and of <c>tokenbroker keys rotate</c>, as pure functions of a directory
/// version: each returns the next whole directory or the IAM error. Keys made here belong to the API.
/// </summary>
public static class AccessKeyChanges
{
    /// <summary>LimitExceeded for a third key: inactive keys count, as in IAM (reference/iam-api.md §6).</summary>
    public static StsError QuotaExceeded() => IamErrors.LimitExceeded($"Cannot exceed quota for AccessKeysPerUser: {AccessKey.MaxPerUser}");

    /// <summary>NoSuchEntity for a key the user does not have.</summary>
    public static StsError NoSuchKey(string accessKeyId) => IamErrors.NoSuchEntity($"The Access Key with id {accessKeyId} cannot be found.");

    /// <summary>A new active key for the user, with a new random secret (shown once, sealed at rest by the store).</summary>
    public static StsResult<DirectoryChange<AccessKey>> Create(DirectoryView view, IamUser user, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(user);
        var current = view.FindUser(user.Account, user.UserName);
        if (current is null)
        {
            return IamEntities.NoSuchUser(user.UserName);
        }

        var account = view.Snapshot.Accounts.Single(a => a.Id == user.Account);
        if (account.AccessKeys.Count(k => k.UserName == user.UserName) >= AccessKey.MaxPerUser)
        {
            return QuotaExceeded();
        }

        var key = new AccessKey(
            Identifiers.NewLongTermAccessKeyId(user.Account), user.Account, user.UserName, Identifiers.NewSecretAccessKey(),
            AccessKeyStatus.Active, now) { Origin = CredentialOrigin.Api };
        var snapshot = IamDirectoryWriter.WithAccount(view.Snapshot, user.Account, a => a with { AccessKeys = [.. a.AccessKeys, key] });
        return new DirectoryChange<AccessKey>(snapshot, key);
    }

    /// <summary>The user's key set Active or Inactive; an inactive key authenticates nothing from the next version on.</summary>
    public static StsResult<DirectoryChange<AccessKey>> SetStatus(DirectoryView view, AccountId account, string userName, string accessKeyId, AccessKeyStatus status)
    {
        ArgumentNullException.ThrowIfNull(view);
        if (Find(view, account, userName, accessKeyId) is not { } key)
        {
            return view.FindUser(account, userName) is null ? IamEntities.NoSuchUser(userName) : NoSuchKey(accessKeyId);
        }

        var updated = key with { Status = status };
        var snapshot = IamDirectoryWriter.WithAccount(view.Snapshot, account,
            a => a with { AccessKeys = a.AccessKeys.Select(k => k.AccessKeyId == key.AccessKeyId ? updated : k).ToList() });
        return new DirectoryChange<AccessKey>(snapshot, updated);
    }

    /// <summary>The directory without the user's key.</summary>
    public static StsResult<DirectoryChange<AccessKey>> Delete(DirectoryView view, AccountId account, string userName, string accessKeyId)
    {
        ArgumentNullException.ThrowIfNull(view);
        if (Find(view, account, userName, accessKeyId) is not { } key)
        {
            return view.FindUser(account, userName) is null ? IamEntities.NoSuchUser(userName) : NoSuchKey(accessKeyId);
        }

        var snapshot = IamDirectoryWriter.WithAccount(view.Snapshot, account,
            a => a with { AccessKeys = a.AccessKeys.Where(k => k.AccessKeyId != key.AccessKeyId).ToList() });
        return new DirectoryChange<AccessKey>(snapshot, key);
    }

    /// <summary>
    /// The directory without a key that <see cref="Create"/> made, the compensation when its secret cannot be handed
    /// out; null when the key is already gone.
    /// </summary>
    public static DirectorySnapshot? RemoveCreated(DirectorySnapshot snapshot, AccessKey created)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(created);
        var account = snapshot.Accounts.FirstOrDefault(a => a.Id == created.Account);
        if (account is null || !account.AccessKeys.Any(k => k.AccessKeyId == created.AccessKeyId))
        {
            return null;
        }

        return IamDirectoryWriter.WithAccount(snapshot, created.Account,
            a => a with { AccessKeys = a.AccessKeys.Where(k => k.AccessKeyId != created.AccessKeyId).ToList() });
    }

    /// <summary>The key's id and user, never its secret.</summary>
    public static string Describe(AccessKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return $"access key {key.AccessKeyId} of user {key.UserName} in account {key.Account}";
    }

    // A key of another user (or another account) is "not found" for this user: its id must not confirm that it exists.
    private static AccessKey? Find(DirectoryView view, AccountId account, string userName, string accessKeyId) =>
        AccessKeyId.TryParse(accessKeyId, out var id) && view.FindAccessKey(id) is { } key && key.Account == account
            && string.Equals(key.UserName, userName, StringComparison.Ordinal)
            ? key
            : null;
}
