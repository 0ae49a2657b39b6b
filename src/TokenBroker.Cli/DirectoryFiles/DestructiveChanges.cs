using TokenBroker.Core.Model;

namespace TokenBroker.Cli.DirectoryFiles;

/// <summary>
/// What makes an apply destructive enough to need --allow-destructive: it deletes every account there is, or it leaves
/// no principal allowed iam:* where there was one (the operator would lock themselves out of administering it).
/// </summary>
internal static class DestructiveChanges
{
    /// <summary>One sentence per reason the plan from <paramref name="current"/> to <paramref name="desired"/> is destructive; empty when it is not.</summary>
    public static IReadOnlyList<string> Find(DirectorySnapshot current, DirectorySnapshot desired)
    {
        var reasons = new List<string>();
        var kept = desired.Accounts.Select(a => a.Id).ToHashSet();
        if (current.Accounts.Count > 0 && !current.Accounts.Any(a => kept.Contains(a.Id)))
        {
            reasons.Add($"it deletes every account ({string.Join(", ", current.Accounts.Select(a => a.Id.Value))})");
        }

        var before = DirectoryAdministrators.Find(current);
        if (before.Count > 0 && DirectoryAdministrators.Find(desired).Count == 0)
        {
            reasons.Add($"it leaves no principal allowed iam:* (now: {string.Join(", ", before)})");
        }

        return reasons;
    }
}
