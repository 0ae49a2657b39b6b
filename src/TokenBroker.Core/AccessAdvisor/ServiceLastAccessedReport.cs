using TokenBroker.Core.DataPlane;
using TokenBroker.Core.Model;
using TokenBroker.Core.Ports;
using TokenBroker.Core.Usage;

namespace TokenBroker.Core.AccessAdvisor;

/// <summary>
/// Access advisor's aggregation (access_policies_last-accessed): every service namespace the entity's permissions policies
/// allow, each with the last attempt of the counted users and roles (allowed or denied: the usage records count
/// attempts), how many of them attempted it and, for ACTION_LEVEL, the last attempt per action. Boundaries, session
/// policies and resource policies are not weighed, as in IAM. Services are sorted by namespace.
/// </summary>
public static class ServiceLastAccessedReport
{
    /// <summary>
    /// The user, group, role or customer managed policy <paramref name="arn"/> names exactly (path included) in the
    /// directory, with its documents and counted members; null when there is none.
    /// </summary>
    public static AdvisedEntity? Resolve(DirectoryView directory, Arn arn)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(arn);
        if (arn.Service != "iam" || !arn.TryGetAccountId(out var account) || arn.Region.Length != 0)
        {
            return null;
        }

        var text = arn.ToString();
        var kind = arn.Resource.Split('/')[0];
        var snapshot = directory.Snapshot.Accounts.FirstOrDefault(a => a.Id == account);
        switch (kind)
        {
            case "user" when directory.FindUser(account, arn.Name) is { } user && user.Arn.ToString() == text:
                var groups = user.Groups.Select(g => directory.FindGroup(account, g)).OfType<IamGroup>().ToList();
                return new AdvisedEntity(text, AdvisedEntityType.User,
                    [.. Documents(directory, user.Policies, user.ManagedPolicyArns), .. groups.SelectMany(g => Documents(directory, g.Policies, g.ManagedPolicyArns))],
                    [Member(user)]);
            case "role" when directory.FindRole(account, arn.Name) is { } role && role.Arn.ToString() == text:
                return new AdvisedEntity(text, AdvisedEntityType.Role, Documents(directory, role.Policies, role.ManagedPolicyArns), [Member(role)]);
            case "group" when directory.FindGroup(account, arn.Name) is { } group && group.Arn.ToString() == text && snapshot is not null:
                return new AdvisedEntity(text, AdvisedEntityType.Group, Documents(directory, group.Policies, group.ManagedPolicyArns),
                    [.. snapshot.Users.Where(u => u.Groups.Contains(group.GroupName, StringComparer.Ordinal)).OrderBy(u => u.UserName, StringComparer.Ordinal).Select(Member)]);
            case "policy" when directory.FindManagedPolicy(text) is { } policy && policy.Account == account && snapshot is not null:
                var attachedGroups = snapshot.Groups.Where(g => g.ManagedPolicyArns.Contains(text, StringComparer.Ordinal)).Select(g => g.GroupName).ToHashSet(StringComparer.Ordinal);
                var users = snapshot.Users
                    .Where(u => u.ManagedPolicyArns.Contains(text, StringComparer.Ordinal) || u.Groups.Any(attachedGroups.Contains))
                    .OrderBy(u => u.UserName, StringComparer.Ordinal)
                    .Select(Member);
                var roles = snapshot.Roles.Where(r => r.ManagedPolicyArns.Contains(text, StringComparer.Ordinal)).OrderBy(r => r.RoleName, StringComparer.Ordinal).Select(Member);
                return new AdvisedEntity(text, AdvisedEntityType.Policy, [policy.Document], [.. users, .. roles]);
            default:
                return null;
        }
    }

    /// <summary>The catalogs whose services can be listed: the built-in ones (sts, …), then every declared service.</summary>
    public static IReadOnlyList<ActionCatalog> Catalogs(DirectoryView directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        return [.. BuiltInCatalogs.All, .. directory.Snapshot.Services.Select(s => new ActionCatalog(s.Prefix, s.Actions))];
    }

    /// <summary>Reads the counted members' usage records from <paramref name="store"/> and builds the report.</summary>
    public static async Task<IReadOnlyList<ServiceLastAccessed>> CreateAsync(
        IUsageStore store, DirectoryView directory, AdvisedEntity entity, bool actionLevel, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(entity);
        var uses = new List<ActionUse>();
        foreach (var member in entity.Members)
        {
            uses.AddRange(await store.GetActionUsesAsync(member.Arn, cancellationToken));
        }

        return Build(entity, Catalogs(directory), uses, actionLevel);
    }

    /// <summary>The report from the members' recorded attempts <paramref name="uses"/> (attempts of other entities are ignored).</summary>
    public static IReadOnlyList<ServiceLastAccessed> Build(
        AdvisedEntity entity, IReadOnlyList<ActionCatalog> catalogs, IReadOnlyCollection<ActionUse> uses, bool actionLevel)
    {
        ArgumentNullException.ThrowIfNull(entity);
        ArgumentNullException.ThrowIfNull(catalogs);
        ArgumentNullException.ThrowIfNull(uses);
        var members = entity.Members.Select(m => m.Arn).ToHashSet(StringComparer.Ordinal);
        var counted = uses.Where(u => members.Contains(u.EntityArn)).ToList();
        var report = new List<ServiceLastAccessed>();
        foreach (var (serviceNamespace, actions) in AllowedServices(entity.Documents, catalogs))
        {
            var attempts = counted.Where(u => string.Equals(u.ServiceNamespace, serviceNamespace, StringComparison.OrdinalIgnoreCase)).ToList();
            var last = Latest(attempts);
            var entities = entity.Members
                .Select(m => m with { LastAuthenticated = Latest(attempts.Where(u => u.EntityArn == m.Arn))?.UsedAt })
                .OrderByDescending(m => m.LastAuthenticated ?? DateTimeOffset.MinValue)
                .ThenBy(m => m.Arn, StringComparer.Ordinal)
                .ToList();
            report.Add(new ServiceLastAccessed(
                ServiceNames.For(serviceNamespace),
                serviceNamespace,
                last?.UsedAt,
                last?.EntityArn,
                last?.Region,
                entities.Count(e => e.LastAuthenticated is not null),
                actionLevel ? TrackedActions(actions, attempts) : null,
                entities));
        }

        return report;
    }

    // Per action: the allowed actions of the service and every action attempted (attempts count even when denied).
    private static List<TrackedActionLastAccessed> TrackedActions(IReadOnlyCollection<string> allowed, List<ActionUse> attempts)
    {
        var names = new SortedDictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in allowed.Concat(attempts.Select(a => a.ActionName)))
        {
            names.TryAdd(name, name);
        }

        return [.. names.Values.Select(name =>
        {
            var last = Latest(attempts.Where(a => string.Equals(a.ActionName, name, StringComparison.OrdinalIgnoreCase)));
            return new TrackedActionLastAccessed(name, last?.EntityArn, last?.UsedAt, last?.Region);
        })];
    }

    /// <summary>The service namespaces the documents allow, each with the action names they allow, sorted by namespace.</summary>
    public static SortedDictionary<string, IReadOnlyCollection<string>> AllowedServices(IEnumerable<string> documents, IReadOnlyList<ActionCatalog> catalogs)
    {
        ArgumentNullException.ThrowIfNull(documents);
        ArgumentNullException.ThrowIfNull(catalogs);
        var statements = documents.SelectMany(PolicyActions.Read).ToList();
        var services = new SortedDictionary<string, IReadOnlyCollection<string>>(StringComparer.Ordinal);
        foreach (var catalog in catalogs)
        {
            var granted = catalog.Actions.Select(a => a.Name).Where(name => IsGranted(statements, catalog.Prefix + ":" + name)).ToList();
            if (granted.Count > 0)
            {
                services.TryAdd(catalog.Prefix, granted);
            }
        }

        // A namespace no catalog describes (s3:GetObject in a policy) is listed when an Allow names it literally, with the
        // actions it names without wildcards: the broker cannot enumerate a service it has no catalog for.
        var known = catalogs.Select(c => c.Prefix).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var pattern in statements.Where(s => s.IsAllow && !s.IsNotAction).SelectMany(s => s.Patterns))
        {
            var colon = pattern.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || pattern.AsSpan(0, colon).IndexOfAny('*', '?') >= 0 || known.Contains(pattern[..colon]))
            {
                continue;
            }

            var serviceNamespace = pattern[..colon].ToLowerInvariant();
            if (!services.TryGetValue(serviceNamespace, out var existing))
            {
                existing = new SortedSet<string>(StringComparer.OrdinalIgnoreCase);
                services[serviceNamespace] = existing;
            }

            var action = pattern[(colon + 1)..];
            if (action.Length > 0 && action.IndexOfAny(['*', '?']) < 0)
            {
                ((SortedSet<string>)existing).Add(action);
            }
        }

        return services;
    }

    private static bool IsGranted(List<PolicyActions> statements, string action) =>
        statements.Any(s => s.IsAllow && s.Covers(action))
        && !statements.Any(s => !s.IsAllow && s.IsUnconditional && s.Covers(action));

    private static ActionUse? Latest(IEnumerable<ActionUse> uses) =>
        uses.OrderByDescending(u => u.UsedAt).ThenBy(u => u.EntityArn, StringComparer.Ordinal).FirstOrDefault();

    private static List<string> Documents(DirectoryView directory, IReadOnlyList<InlinePolicy> inline, IReadOnlyList<string> managed) =>
        [.. inline.Select(p => p.Document), .. managed.Select(directory.FindManagedPolicy).OfType<ManagedPolicy>().Select(p => p.Document)];

    private static EntityLastAccessed Member(IamUser user) => new(user.Arn.ToString(), user.UserName, "USER", user.UserId, user.Path, null);

    private static EntityLastAccessed Member(IamRole role) => new(role.Arn.ToString(), role.RoleName, "ROLE", role.RoleId, role.Path, null);
}
