namespace TokenBroker.Core.DataPlane;

/// <summary>
/// Policy summaries (IAM User Guide, access_policies_understand-policy-summary-access-level-summaries): per service of
/// the catalogs, which access levels the Allow statements grant, less what unconditional Deny statements on Resource
/// "*" take away. Resources and conditions of Allows are not weighed, as in IAM's summaries.
/// </summary>
public static class PolicySummary
{
    /// <summary>A summary line per service of which the documents grant at least one action, in catalog order.</summary>
    public static IReadOnlyList<ServiceAccessSummary> Summarize(IEnumerable<string> documents, IEnumerable<ActionCatalog> catalogs)
    {
        ArgumentNullException.ThrowIfNull(documents);
        ArgumentNullException.ThrowIfNull(catalogs);
        var statements = documents.SelectMany(PolicyActions.Read).ToList();
        var summaries = new List<ServiceAccessSummary>();
        foreach (var catalog in catalogs)
        {
            var granted = catalog.Actions.Where(a => IsGranted(statements, catalog.Prefix + ":" + a.Name)).ToList();
            if (granted.Count == 0)
            {
                continue;
            }

            var full = new List<AccessLevel>();
            var limited = new List<AccessLevel>();
            foreach (var level in AccessLevels.All)
            {
                var all = catalog.Actions.Count(a => a.AccessLevel == level);
                var some = granted.Count(a => a.AccessLevel == level);
                if (some > 0)
                {
                    (some == all ? full : limited).Add(level);
                }
            }

            summaries.Add(new ServiceAccessSummary(catalog.Prefix, granted.Count == catalog.Actions.Count, full, limited));
        }

        return summaries;
    }

    /// <summary>
    /// Action names in the documents whose prefix is one of <paramref name="catalogs"/> but that match none of its
    /// actions: AWS accepts unknown actions, so these are warnings, never errors.
    /// </summary>
    public static IReadOnlyList<string> UnknownActions(string document, IEnumerable<ActionCatalog> catalogs)
    {
        ArgumentNullException.ThrowIfNull(catalogs);
        var byPrefix = catalogs.ToDictionary(c => c.Prefix, StringComparer.OrdinalIgnoreCase);
        var unknown = new List<string>();
        foreach (var pattern in PolicyActions.Read(document).SelectMany(s => s.Patterns))
        {
            var colon = pattern.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && byPrefix.TryGetValue(pattern[..colon], out var catalog)
                && !catalog.Actions.Any(a => Glob.IsMatch(pattern, catalog.Prefix + ":" + a.Name, ignoreCase: true)))
            {
                unknown.Add(pattern);
            }
        }

        return unknown;
    }

    private static bool IsGranted(List<PolicyActions> statements, string action) =>
        statements.Any(s => s.IsAllow && s.Covers(action))
        && !statements.Any(s => !s.IsAllow && s.IsUnconditional && s.Covers(action));
}
