using TokenBroker.Core.Model;
using TokenBroker.Core.Ports;

namespace TokenBroker.Tests;

/// <summary>Single lookups in a store's current directory version, as the tests of the stores and the CLI read them.</summary>
internal static class DirectoryReads
{
    public static async Task<AccessKey?> FindAccessKeyAsync(this IDirectory directory, AccessKeyId accessKeyId, CancellationToken cancellationToken) =>
        (await directory.LoadAsync(cancellationToken)).FindAccessKey(accessKeyId);

    public static async Task<bool> AccountExistsAsync(this IDirectory directory, AccountId account, CancellationToken cancellationToken) =>
        (await directory.LoadAsync(cancellationToken)).AccountExists(account);

    public static async Task<IamUser?> FindUserAsync(this IDirectory directory, AccountId account, string userName, CancellationToken cancellationToken) =>
        (await directory.LoadAsync(cancellationToken)).FindUser(account, userName);

    public static async Task<IamGroup?> FindGroupAsync(this IDirectory directory, AccountId account, string groupName, CancellationToken cancellationToken) =>
        (await directory.LoadAsync(cancellationToken)).FindGroup(account, groupName);

    public static async Task<IamRole?> FindRoleAsync(this IDirectory directory, AccountId account, string roleName, CancellationToken cancellationToken) =>
        (await directory.LoadAsync(cancellationToken)).FindRole(account, roleName);

    public static async Task<ManagedPolicy?> FindManagedPolicyAsync(this IDirectory directory, string policyArn, CancellationToken cancellationToken) =>
        (await directory.LoadAsync(cancellationToken)).FindManagedPolicy(policyArn);

    public static async Task<MfaDevice?> FindMfaDeviceAsync(this IDirectory directory, string serialNumber, CancellationToken cancellationToken) =>
        (await directory.LoadAsync(cancellationToken)).FindMfaDevice(serialNumber);

    public static async Task<SamlProvider?> FindSamlProviderAsync(this IDirectory directory, Arn providerArn, CancellationToken cancellationToken) =>
        (await directory.LoadAsync(cancellationToken)).FindSamlProvider(providerArn);

    public static async Task<OidcProvider?> FindOidcProviderAsync(this IDirectory directory, AccountId account, string url, CancellationToken cancellationToken) =>
        (await directory.LoadAsync(cancellationToken)).FindOidcProvider(account, url);
}
