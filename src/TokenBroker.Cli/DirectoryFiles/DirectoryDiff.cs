using System.Text.Json;
using TokenBroker.Core.Model;

namespace TokenBroker.Cli.DirectoryFiles;

/// <summary>Lists what differs between two directories, one line per record: "+ created", "~ changed", "- deleted".</summary>
internal static class DirectoryDiff
{
    public static IReadOnlyList<string> Describe(DirectorySnapshot before, DirectorySnapshot after)
    {
        var changes = new List<string>();
        Compare(changes, "account", before.Accounts.Select(a => a.Id), after.Accounts.Select(a => a.Id), id => id.Value, id => id.Value);
        Compare(changes, "outbound web identity federation of account", before.Accounts.Where(a => a.OutboundWebIdentityFederation).Select(a => a.Id),
            after.Accounts.Where(a => a.OutboundWebIdentityFederation).Select(a => a.Id), id => id.Value, id => id.Value);
        Compare(changes, "managed policy", All(before, a => a.ManagedPolicies), All(after, a => a.ManagedPolicies), p => $"{p.Account}/{p.PolicyName}", p => p.Arn.ToString());
        Compare(changes, "group", All(before, a => a.Groups), All(after, a => a.Groups), g => $"{g.Account}/{g.GroupName}", g => g.Arn.ToString());
        Compare(changes, "user", All(before, a => a.Users), All(after, a => a.Users), u => $"{u.Account}/{u.UserName}", u => u.Arn.ToString());
        Compare(changes, "access key", All(before, a => a.AccessKeys), All(after, a => a.AccessKeys), k => k.AccessKeyId.Value,
            k => $"{k.AccessKeyId} of user {k.UserName} in {k.Account}");
        Compare(changes, "MFA device", All(before, a => a.MfaDevices), All(after, a => a.MfaDevices), d => d.SerialNumber,
            d => $"{d.SerialNumber} of user {d.UserName}");
        Compare(changes, "role", All(before, a => a.Roles), All(after, a => a.Roles), r => $"{r.Account}/{r.RoleName}", r => r.Arn.ToString());
        Compare(changes, "SAML provider", All(before, a => a.SamlProviders), All(after, a => a.SamlProviders), p => p.Arn.ToString(), p => p.Arn.ToString());
        Compare(changes, "OIDC provider", All(before, a => a.OidcProviders), All(after, a => a.OidcProviders), p => $"{p.Account}/{p.Url}", p => p.Arn.ToString());
        Compare(changes, "service", before.Services, after.Services, s => s.Prefix, s => $"{s.Prefix} in {s.Account}");
        return changes;
    }

    private static IEnumerable<T> All<T>(DirectorySnapshot snapshot, Func<AccountSnapshot, IEnumerable<T>> select) => snapshot.Accounts.SelectMany(select);

    private static void Compare<T>(List<string> changes, string kind, IEnumerable<T> before, IEnumerable<T> after, Func<T, string> key, Func<T, string> label)
    {
        var old = before.ToDictionary(key, StringComparer.Ordinal);
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var record in after)
        {
            keys.Add(key(record));
            if (!old.TryGetValue(key(record), out var previous))
            {
                changes.Add($"+ {kind} {label(record)}");
            }
            else if (Canonical(previous) != Canonical(record))
            {
                changes.Add($"~ {kind} {label(record)}");
            }
        }

        changes.AddRange(old.Where(pair => !keys.Contains(pair.Key)).Select(pair => $"- {kind} {label(pair.Value)}"));
    }

    // Records hold lists and byte arrays, which compare by reference; their JSON compares by value. In memory only.
    private static string Canonical<T>(T record) => JsonSerializer.Serialize(record);
}
