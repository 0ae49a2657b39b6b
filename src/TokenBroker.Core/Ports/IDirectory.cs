using TokenBroker.Core.Model;

namespace TokenBroker.Core.Ports;

/// <summary>The directory of accounts, users, keys, groups, policies, roles, MFA devices and identity providers.</summary>
public interface IDirectory
{
    /// <summary>The long-term access key with this id, or null.</summary>
    Task<AccessKey?> FindAccessKeyAsync(AccessKeyId accessKeyId, CancellationToken cancellationToken);

    /// <summary>Whether the account exists in the directory.</summary>
    Task<bool> AccountExistsAsync(AccountId account, CancellationToken cancellationToken);

    /// <summary>The user with this name in the account, or null.</summary>
    Task<IamUser?> FindUserAsync(AccountId account, string userName, CancellationToken cancellationToken);

    /// <summary>The group with this name in the account, or null.</summary>
    Task<IamGroup?> FindGroupAsync(AccountId account, string groupName, CancellationToken cancellationToken);

    /// <summary>The role with this name in the account (names are unique regardless of path), or null.</summary>
    Task<IamRole?> FindRoleAsync(AccountId account, string roleName, CancellationToken cancellationToken);

    /// <summary>The customer managed policy with this exact ARN, or null.</summary>
    Task<ManagedPolicy?> FindManagedPolicyAsync(string policyArn, CancellationToken cancellationToken);

    /// <summary>The MFA device with this serial number, or null.</summary>
    Task<MfaDevice?> FindMfaDeviceAsync(string serialNumber, CancellationToken cancellationToken);

    /// <summary>The SAML provider with this exact ARN (arn:aws:iam::ACCOUNT:saml-provider/NAME), or null.</summary>
    Task<SamlProvider?> FindSamlProviderAsync(Arn providerArn, CancellationToken cancellationToken);

    /// <summary>The OIDC provider of the account whose URL equals <paramref name="url"/> exactly (case-sensitive), or null.</summary>
    Task<OidcProvider?> FindOidcProviderAsync(AccountId account, string url, CancellationToken cancellationToken);

    /// <summary>Records the last time a long-term key was used (best effort, last writer wins).</summary>
    Task RecordAccessKeyUseAsync(AccessKeyId accessKeyId, DateTimeOffset usedAt, CancellationToken cancellationToken);

    /// <summary>
    /// Atomically records that a TOTP time step of this device was used; false when this step or a later one was
    /// already used, so a code is never accepted twice (RFC 6238 §5.2).
    /// </summary>
    Task<bool> TryUseTotpStepAsync(string serialNumber, long timeStep, CancellationToken cancellationToken);

    /// <summary>The whole directory, secrets decrypted.</summary>
    Task<DirectorySnapshot> ExportAsync(CancellationToken cancellationToken);

    /// <summary>Replaces the whole directory in one transaction: either all of it is written or nothing is.</summary>
    Task ReplaceAsync(DirectorySnapshot snapshot, CancellationToken cancellationToken);
}
