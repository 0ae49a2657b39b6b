using TokenBroker.Core.Model;
using TokenBroker.Policy;
using TokenBroker.Policy.Compiled;
using TokenBroker.Policy.Evaluation;

namespace TokenBroker.Cli.DirectoryFiles;

/// <summary>
/// The principals of a directory that can still administer it: users with an active access key, and roles, whose
/// policies (inline, managed, group; within their permissions boundary) the policy engine allows <c>iam:*</c> on
/// <c>*</c>. A policy that cannot be found or compiled grants nothing here, so a broken admin counts as no admin.
/// </summary>
internal static class DirectoryAdministrators
{
    private const string Action = "iam:*";

    /// <summary>The ARNs of the principals allowed iam:* (which includes those allowed *).</summary>
    public static IReadOnlyList<string> Find(DirectorySnapshot directory)
    {
        var cache = new PolicyCache();
        var administrators = new List<string>();
        foreach (var account in directory.Accounts)
        {
            var activeUsers = account.AccessKeys.Where(k => k.Status == AccessKeyStatus.Active).Select(k => k.UserName).ToHashSet(StringComparer.Ordinal);
            foreach (var user in account.Users.Where(u => activeUsers.Contains(u.UserName)))
            {
                var groups = account.Groups.Where(g => user.Groups.Contains(g.GroupName, StringComparer.Ordinal)).ToList();
                var inline = user.Policies.Concat(groups.SelectMany(g => g.Policies));
                var managed = user.ManagedPolicyArns.Concat(groups.SelectMany(g => g.ManagedPolicyArns));
                if (IsAllowed(cache, directory, user.Arn.ToString(), inline, managed, user.PermissionsBoundaryArn))
                {
                    administrators.Add(user.Arn.ToString());
                }
            }

            foreach (var role in account.Roles)
            {
                if (IsAllowed(cache, directory, role.Arn.ToString(), role.Policies, role.ManagedPolicyArns, role.PermissionsBoundaryArn))
                {
                    administrators.Add(role.Arn.ToString());
                }
            }
        }

        return administrators;
    }

    private static bool IsAllowed(PolicyCache cache, DirectorySnapshot directory, string principalArn,
        IEnumerable<InlinePolicy> inline, IEnumerable<string> managedArns, string? boundaryArn)
    {
        var identity = new List<CompiledPolicy>();
        foreach (var document in inline.Select(p => p.Document).Concat(managedArns.Select(arn => Managed(directory, arn)?.Document ?? "")))
        {
            if (cache.GetOrParse(document, PolicyKind.Identity).Policy is { } policy)
            {
                identity.Add(policy);
            }
        }

        CompiledPolicy? boundary = null;
        if (boundaryArn is not null)
        {
            boundary = Managed(directory, boundaryArn) is { } found ? cache.GetOrParse(found.Document, PolicyKind.PermissionsBoundary).Policy : null;
            if (boundary is null)
            {
                return false;
            }
        }

        var request = new AuthorizationRequest(principalArn, Action, "*");
        return PolicyEvaluator.Evaluate(request, new PolicySet(identity, null, boundary)).IsAllowed;
    }

    private static ManagedPolicy? Managed(DirectorySnapshot directory, string arn) =>
        directory.Accounts.SelectMany(a => a.ManagedPolicies).FirstOrDefault(p => string.Equals(p.Arn.ToString(), arn, StringComparison.Ordinal));
}
