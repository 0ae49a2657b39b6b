using TokenBroker.Core.Model;

namespace TokenBroker.Aws.DynamoDb;

/// <summary>
/// The integrity rules the SQLite schema enforces with keys, unique indexes and triggers, checked before anything is
/// written: DynamoDB has no foreign keys, so a snapshot that breaks one is refused whole.
/// </summary>
internal static class DirectoryRules
{
    public static void Check(DirectorySnapshot snapshot)
    {
        var accounts = new HashSet<AccountId>();
        var serials = new HashSet<string>(StringComparer.Ordinal);
        var keyIds = new HashSet<string>(StringComparer.Ordinal);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var account in snapshot.Accounts)
        {
            CheckOwners(account);
            Require(accounts.Add(account.Id), $"Account {account.Id} appears twice.");
            var users = UniqueNames(account.Users.Select(u => u.UserName), "user");
            UniqueNames(account.Groups.Select(g => g.GroupName), "group");
            UniqueNames(account.Roles.Select(r => r.RoleName), "role");
            UniqueNames(account.ManagedPolicies.Select(p => p.PolicyName), "managed policy");
            UniqueNames(account.SamlProviders.Select(p => p.Name), "SAML provider");

            // OIDC provider URLs are case-sensitive: only an exact repeat is a duplicate.
            Require(account.OidcProviders.Select(p => p.Url).Distinct(StringComparer.Ordinal).Count() == account.OidcProviders.Count,
                $"An OIDC provider appears twice in account {account.Id}.");
            foreach (var id in account.Users.Select(u => u.UserId).Concat(account.Groups.Select(g => g.GroupId))
                .Concat(account.Roles.Select(r => r.RoleId)).Concat(account.ManagedPolicies.Select(p => p.PolicyId)))
            {
                Require(ids.Add(id), $"The unique id {id} appears twice.");
            }

            foreach (var role in account.Roles)
            {
                Require(role.MaxSessionDuration is >= IamRole.MinMaxSessionDuration and <= IamRole.MaxMaxSessionDuration,
                    $"Role {role.RoleName} has a MaxSessionDuration out of range.");
            }

            foreach (var key in account.AccessKeys)
            {
                Require(keyIds.Add(key.AccessKeyId.Value), $"Access key {key.AccessKeyId} appears twice.");
                Require(users.Contains(key.UserName), $"Access key {key.AccessKeyId} belongs to a user that does not exist.");
            }

            foreach (var perUser in account.AccessKeys.GroupBy(k => k.UserName, StringComparer.Ordinal))
            {
                Require(perUser.Count() <= AccessKey.MaxPerUser, $"User {perUser.Key} has more than {AccessKey.MaxPerUser} access keys.");
            }

            foreach (var provider in account.SamlProviders)
            {
                Require(provider.PrivateKeyList.Count <= SamlProvider.MaxPrivateKeys,
                    $"SAML provider {provider.Name} has more than {SamlProvider.MaxPrivateKeys} private keys.");
                Require(provider.PrivateKeyList.Select(k => k.KeyId).Distinct(StringComparer.Ordinal).Count() == provider.PrivateKeyList.Count,
                    $"A private key appears twice in SAML provider {provider.Name}.");
            }

            foreach (var device in account.MfaDevices)
            {
                Require(serials.Add(device.SerialNumber), $"MFA device {device.SerialNumber} appears twice.");
                Require(device.UserName is null || users.Contains(device.UserName), $"MFA device {device.SerialNumber} belongs to a user that does not exist.");
            }
        }
    }

    // Every record of an account snapshot must belong to that account; otherwise export would regroup it elsewhere.
    private static void CheckOwners(AccountSnapshot account)
    {
        if (!account.OwnsAllRecords)
        {
            throw new ArgumentException($"A record in account {account.Id} names another account.", nameof(account));
        }
    }

    // IAM names are unique within an account regardless of case (the SQLite schema's NOCASE unique indexes).
    private static HashSet<string> UniqueNames(IEnumerable<string> names, string kind)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in names)
        {
            Require(seen.Add(name), $"The {kind} name {name} appears twice.");
        }

        return new HashSet<string>(seen, StringComparer.Ordinal);
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new InvalidOperationException(message);
        }
    }
}
