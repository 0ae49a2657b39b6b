using System.Collections.Concurrent;
using TokenBroker.Core.Model;

namespace TokenBroker.Core.Ports;

/// <summary>
/// Keeps directory reads on the request path (keys, users, groups, roles, managed policies) for a short, bounded time,
/// and identity providers, so a busy broker does not read the store several times per request; a directory change still takes effect within
/// <c>ttl</c>. MFA devices, TOTP steps, exports and replacements always go to the store.
/// </summary>
public sealed class CachedDirectory(IDirectory inner, TimeProvider timeProvider, TimeSpan ttl, int capacity = 50_000) : IDirectory
{
    private readonly ConcurrentDictionary<(string Kind, string Key), (object? Value, DateTimeOffset ExpiresAt)> _entries = new();

    /// <inheritdoc />
    public Task<AccessKey?> FindAccessKeyAsync(AccessKeyId accessKeyId, CancellationToken cancellationToken) =>
        GetAsync("key", accessKeyId.Value, () => inner.FindAccessKeyAsync(accessKeyId, cancellationToken));

    /// <inheritdoc />
    public Task<bool> AccountExistsAsync(AccountId account, CancellationToken cancellationToken) =>
        inner.AccountExistsAsync(account, cancellationToken);

    /// <inheritdoc />
    public Task<IamUser?> FindUserAsync(AccountId account, string userName, CancellationToken cancellationToken) =>
        GetAsync("user", account.Value + "/" + userName, () => inner.FindUserAsync(account, userName, cancellationToken));

    /// <inheritdoc />
    public Task<IamGroup?> FindGroupAsync(AccountId account, string groupName, CancellationToken cancellationToken) =>
        GetAsync("group", account.Value + "/" + groupName, () => inner.FindGroupAsync(account, groupName, cancellationToken));

    /// <inheritdoc />
    public Task<IamRole?> FindRoleAsync(AccountId account, string roleName, CancellationToken cancellationToken) =>
        GetAsync("role", account.Value + "/" + roleName, () => inner.FindRoleAsync(account, roleName, cancellationToken));

    /// <inheritdoc />
    public Task<ManagedPolicy?> FindManagedPolicyAsync(string policyArn, CancellationToken cancellationToken) =>
        GetAsync("policy", policyArn, () => inner.FindManagedPolicyAsync(policyArn, cancellationToken));

    /// <inheritdoc />
    public Task<SamlProvider?> FindSamlProviderAsync(Arn providerArn, CancellationToken cancellationToken) =>
        GetAsync("saml", providerArn.ToString(), () => inner.FindSamlProviderAsync(providerArn, cancellationToken));

    /// <inheritdoc />
    public Task<OidcProvider?> FindOidcProviderAsync(AccountId account, string url, CancellationToken cancellationToken) =>
        GetAsync("oidc", account.Value + " " + url, () => inner.FindOidcProviderAsync(account, url, cancellationToken));

    /// <inheritdoc />
    public Task<MfaDevice?> FindMfaDeviceAsync(string serialNumber, CancellationToken cancellationToken) =>
        inner.FindMfaDeviceAsync(serialNumber, cancellationToken);

    /// <inheritdoc />
    public async Task RecordAccessKeyUseAsync(AccessKeyId accessKeyId, DateTimeOffset usedAt, CancellationToken cancellationToken)
    {
        await inner.RecordAccessKeyUseAsync(accessKeyId, usedAt, cancellationToken);

        // Keep the cached copy's LastUsedAt current, or every request within the TTL would write it again.
        var key = ("key", accessKeyId.Value);
        if (_entries.TryGetValue(key, out var entry) && entry.Value is AccessKey accessKey)
        {
            _entries.TryUpdate(key, (accessKey with { LastUsedAt = usedAt }, entry.ExpiresAt), entry);
        }
    }

    /// <inheritdoc />
    public Task<bool> TryUseTotpStepAsync(string serialNumber, long timeStep, CancellationToken cancellationToken) =>
        inner.TryUseTotpStepAsync(serialNumber, timeStep, cancellationToken);

    /// <inheritdoc />
    public Task<DirectorySnapshot> ExportAsync(CancellationToken cancellationToken) => inner.ExportAsync(cancellationToken);

    /// <inheritdoc />
    public async Task ReplaceAsync(DirectorySnapshot snapshot, CancellationToken cancellationToken)
    {
        await inner.ReplaceAsync(snapshot, cancellationToken);
        _entries.Clear();
    }

    private async Task<T?> GetAsync<T>(string kind, string key, Func<Task<T?>> load)
        where T : class
    {
        var now = timeProvider.GetUtcNow();
        if (_entries.TryGetValue((kind, key), out var entry) && entry.ExpiresAt > now)
        {
            return (T?)entry.Value;
        }

        var value = await load();
        if (_entries.Count >= capacity)
        {
            _entries.Clear();
        }

        _entries[(kind, key)] = (value, now + ttl);
        return value;
    }
}
