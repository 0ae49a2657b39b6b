using TokenBroker.Core.DataPlane;
using TokenBroker.Core.Model;

namespace TokenBroker.Cli.DirectoryFiles;

/// <summary>
/// What <c>directory apply</c> says about the policies it writes: per user and role, the access levels granted per
/// service (policy summaries from the built-in and declared catalogs), and a warning for each action that its service's
/// catalog does not hold (AWS accepts unknown actions, so this never rejects a file).
/// </summary>
internal static class AccessReport
{
    /// <summary>The catalogs summaries and warnings are computed from: the built-in ones, then the declared services.</summary>
    public static IReadOnlyList<ActionCatalog> Catalogs(DirectorySnapshot snapshot) =>
        [.. BuiltInCatalogs.All, .. snapshot.Services.Select(s => new ActionCatalog(s.Prefix, s.Actions))];

    /// <summary>"warning: …" lines for unknown actions of the built-in catalogs (sts, iam) and of declared services.</summary>
    public static IReadOnlyList<string> Warnings(DirectorySnapshot snapshot)
    {
        var catalogs = Catalogs(snapshot);
        var warnings = new List<string>();
        foreach (var (owner, name, document) in Documents(snapshot))
        {
            foreach (var action in PolicySummary.UnknownActions(document, catalogs))
            {
                warnings.Add($"warning: policy {name} of {owner} names {action}, {UnknownAction(action)}");
            }
        }

        return warnings;
    }

    /// <summary>Why an action name is unknown: AWS publishes no such action of a built-in service, or a declared service does not declare it.</summary>
    public static string UnknownAction(string action)
    {
        ArgumentNullException.ThrowIfNull(action);
        var prefix = action[..action.IndexOf(':', StringComparison.Ordinal)];
        return BuiltInCatalogs.All.Any(c => string.Equals(c.Prefix, prefix, StringComparison.OrdinalIgnoreCase))
            ? $"which matches no {prefix} action AWS publishes."
            : $"which matches no action that service {prefix} declares.";
    }

    /// <summary>One line per user and role whose policies grant something: "ARN: orders: Full access; sts: Limited: Write".</summary>
    public static IReadOnlyList<string> Summaries(DirectorySnapshot snapshot)
    {
        var catalogs = Catalogs(snapshot);
        var lines = new List<string>();
        foreach (var account in snapshot.Accounts)
        {
            foreach (var user in account.Users)
            {
                var groups = account.Groups.Where(g => user.Groups.Contains(g.GroupName, StringComparer.Ordinal)).ToList();
                var documents = user.Policies.Select(p => p.Document)
                    .Concat(groups.SelectMany(g => g.Policies).Select(p => p.Document))
                    .Concat(Managed(account, user.ManagedPolicyArns.Concat(groups.SelectMany(g => g.ManagedPolicyArns))));
                Add(lines, user.Arn.ToString(), documents, catalogs);
            }

            foreach (var role in account.Roles)
            {
                Add(lines, role.Arn.ToString(), role.Policies.Select(p => p.Document).Concat(Managed(account, role.ManagedPolicyArns)), catalogs);
            }
        }

        return lines;
    }

    private static void Add(List<string> lines, string owner, IEnumerable<string> documents, IReadOnlyList<ActionCatalog> catalogs)
    {
        var summary = PolicySummary.Summarize(documents, catalogs);
        if (summary.Count > 0)
        {
            lines.Add($"  {owner}: {string.Join("; ", summary)}");
        }
    }

    private static IEnumerable<string> Managed(AccountSnapshot account, IEnumerable<string> arns) =>
        arns.Select(arn => account.ManagedPolicies.FirstOrDefault(p => p.Arn.ToString() == arn)?.Document).OfType<string>();

    private static IEnumerable<(string Owner, string Name, string Document)> Documents(DirectorySnapshot snapshot)
    {
        foreach (var account in snapshot.Accounts)
        {
            foreach (var user in account.Users)
            {
                foreach (var policy in user.Policies)
                {
                    yield return (user.Arn.ToString(), policy.Name, policy.Document);
                }
            }

            foreach (var group in account.Groups)
            {
                foreach (var policy in group.Policies)
                {
                    yield return (group.Arn.ToString(), policy.Name, policy.Document);
                }
            }

            foreach (var role in account.Roles)
            {
                foreach (var policy in role.Policies)
                {
                    yield return (role.Arn.ToString(), policy.Name, policy.Document);
                }
            }

            foreach (var policy in account.ManagedPolicies)
            {
                yield return (policy.Arn.ToString(), policy.PolicyName, policy.Document);
            }
        }

        foreach (var service in snapshot.Services)
        {
            foreach (var policy in service.ResourcePolicies)
            {
                yield return ($"service {service.Prefix}", "for " + policy.Resource, policy.Document);
            }
        }
    }
}
