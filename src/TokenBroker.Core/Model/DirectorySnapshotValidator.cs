namespace TokenBroker.Core.Model;

/// <summary>
/// The integrity rules of a directory, in one place: every record belongs to its account, names and unique ids are
/// unique, references (access keys and MFA devices to users) resolve, and IAM's counts and ranges hold. Both stores
/// check a snapshot with it before writing anything, so an invalid snapshot is refused whole, and the CLI checks its
/// plan with it before asking a store.
/// </summary>
public static class DirectorySnapshotValidator
{
    /// <summary>Every rule <paramref name="snapshot"/> breaks, one sentence each; empty when it may be written.</summary>
    public static IReadOnlyList<string> Problems(DirectorySnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var problems = new List<string>();
        var accounts = new HashSet<AccountId>();
        var serials = new HashSet<string>(StringComparer.Ordinal);
        var keyIds = new HashSet<string>(StringComparer.Ordinal);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var account in snapshot.Accounts)
        {
            // Every record of an account snapshot must belong to that account; otherwise export would regroup it elsewhere.
            Require(problems, account.OwnsAllRecords, $"A record in account {account.Id} names another account.");
            Require(problems, accounts.Add(account.Id), $"Account {account.Id} appears twice.");
            var users = UniqueNames(problems, account.Users.Select(u => u.UserName), "user");
            UniqueNames(problems, account.Groups.Select(g => g.GroupName), "group");
            UniqueNames(problems, account.Roles.Select(r => r.RoleName), "role");
            UniqueNames(problems, account.ManagedPolicies.Select(p => p.PolicyName), "managed policy");
            UniqueNames(problems, account.SamlProviders.Select(p => p.Name), "SAML provider");

            // OIDC provider URLs are case-sensitive: only an exact repeat is a duplicate.
            Require(problems, account.OidcProviders.Select(p => p.Url).Distinct(StringComparer.Ordinal).Count() == account.OidcProviders.Count,
                $"An OIDC provider appears twice in account {account.Id}.");
            foreach (var id in account.Users.Select(u => u.UserId).Concat(account.Groups.Select(g => g.GroupId))
                .Concat(account.Roles.Select(r => r.RoleId)).Concat(account.ManagedPolicies.Select(p => p.PolicyId)))
            {
                Require(problems, ids.Add(id), $"The unique id {id} appears twice.");
            }

            // IAM quotas (reference_iam-quotas): groups per user. A managed policy holds one document here (its
            // version v1), so IAM's five versions per policy cannot be exceeded.
            foreach (var user in account.Users)
            {
                Require(problems, user.Groups.Count <= IamUser.MaxGroups,
                    $"User {user.UserName} is in {user.Groups.Count} groups; a user can be in at most {IamUser.MaxGroups}.");
            }

            foreach (var role in account.Roles)
            {
                Require(problems, role.MaxSessionDuration is >= IamRole.MinMaxSessionDuration and <= IamRole.MaxMaxSessionDuration,
                    $"Role {role.RoleName} has a MaxSessionDuration out of range.");
            }

            CheckKeysAndDevices(problems, account, users, keyIds, serials);
            foreach (var provider in account.SamlProviders)
            {
                Require(problems, provider.PrivateKeyList.Count <= SamlProvider.MaxPrivateKeys,
                    $"SAML provider {provider.Name} has more than {SamlProvider.MaxPrivateKeys} private keys.");
                Require(problems, provider.PrivateKeyList.Select(k => k.KeyId).Distinct(StringComparer.Ordinal).Count() == provider.PrivateKeyList.Count,
                    $"A private key appears twice in SAML provider {provider.Name}.");
            }
        }

        // Service catalogs: one per prefix, owned by an account of the directory.
        var prefixes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var service in snapshot.Services)
        {
            Require(problems, prefixes.Add(service.Prefix), $"The service {service.Prefix} appears twice.");
            Require(problems, accounts.Contains(service.Account), $"The service {service.Prefix} belongs to an account that does not exist.");
        }

        return problems;
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first broken rule, before a store writes anything.</summary>
    public static void Check(DirectorySnapshot snapshot)
    {
        var problems = Problems(snapshot);
        if (problems.Count > 0)
        {
            throw new ArgumentException(problems[0], nameof(snapshot));
        }
    }

    private static void CheckKeysAndDevices(
        List<string> problems, AccountSnapshot account, HashSet<string> users, HashSet<string> keyIds, HashSet<string> serials)
    {
        foreach (var key in account.AccessKeys)
        {
            Require(problems, keyIds.Add(key.AccessKeyId.Value), $"Access key {key.AccessKeyId} appears twice.");
            Require(problems, users.Contains(key.UserName), $"Access key {key.AccessKeyId} belongs to a user that does not exist.");
        }

        foreach (var perUser in account.AccessKeys.GroupBy(k => k.UserName, StringComparer.Ordinal))
        {
            Require(problems, perUser.Count() <= AccessKey.MaxPerUser, $"User {perUser.Key} has more than {AccessKey.MaxPerUser} access keys.");
        }

        foreach (var device in account.MfaDevices)
        {
            Require(problems, serials.Add(device.SerialNumber), $"MFA device {device.SerialNumber} appears twice.");
            Require(problems, device.UserName is null || users.Contains(device.UserName), $"MFA device {device.SerialNumber} belongs to a user that does not exist.");
        }
    }

    // IAM names are unique within an account regardless of case (the SQLite schema's NOCASE unique indexes).
    private static HashSet<string> UniqueNames(List<string> problems, IEnumerable<string> names, string kind)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in names)
        {
            Require(problems, seen.Add(name), $"The {kind} name {name} appears twice.");
        }

        return new HashSet<string>(seen, StringComparer.Ordinal);
    }

    private static void Require(List<string> problems, bool condition, string message)
    {
        if (!condition)
        {
            problems.Add(message);
        }
    }
}
