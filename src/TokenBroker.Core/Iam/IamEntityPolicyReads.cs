using TokenBroker.Core.Errors;
using TokenBroker.Core.Model;

namespace TokenBroker.Core.Iam;

/// <summary>
/// The policies of users, groups and roles: ListAttached{Kind}Policies, List{Kind}Policies and Get{Kind}Policy, each
/// authorized as <c>iam:ACTION</c> on the entity's ARN before the entity's existence is told.
/// </summary>
public sealed class IamEntityPolicyReads(IamAuthorizer authorizer, IamPaging paging)
{
    /// <summary>ListAttached{Kind}Policies: the managed policies attached to the entity.</summary>
    public async Task<StsResult<IamPage<AttachedPolicy>>> ListAttachedAsync(
        IamCall call, IamEntityKind kind, AttachedPoliciesRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var action = $"ListAttached{kind}Policies";
        var entity = Find(call, kind, action, request.Name);
        if (!entity.IsSuccess)
        {
            return entity.Error;
        }

        var attached = AttachedPolicy.Of(entity.Value.ManagedArns)
            .Where(p => PathOf(p.PolicyArn).StartsWith(request.PathPrefix, StringComparison.Ordinal))
            .OrderBy(p => p.PolicyName, StringComparer.Ordinal)
            .ToList();
        return await paging.PageAsync(call, action, request.Name + "\n" + request.PathPrefix, attached, request.Page, cancellationToken);
    }

    /// <summary>List{Kind}Policies: the names of the entity's inline policies.</summary>
    public async Task<StsResult<IamPage<string>>> ListInlineAsync(
        IamCall call, IamEntityKind kind, NamedListRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var action = $"List{kind}Policies";
        var entity = Find(call, kind, action, request.Name!);
        if (!entity.IsSuccess)
        {
            return entity.Error;
        }

        var names = entity.Value.Inline.Select(p => p.Name).Order(StringComparer.Ordinal).ToList();
        return await paging.PageAsync(call, action, request.Name!, names, request.Page, cancellationToken);
    }

    /// <summary>Get{Kind}Policy: one inline policy of the entity.</summary>
    public StsResult<InlinePolicyResult> GetInline(IamCall call, IamEntityKind kind, InlinePolicyRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var entity = Find(call, kind, $"Get{kind}Policy", request.Name);
        if (!entity.IsSuccess)
        {
            return entity.Error;
        }

        var policy = entity.Value.Inline.FirstOrDefault(p => string.Equals(p.Name, request.PolicyName, StringComparison.Ordinal));
        return policy is null
            ? IamErrors.NoSuchEntity($"The {kind.ToString().ToLowerInvariant()} policy with name {request.PolicyName} cannot be found.")
            : new InlinePolicyResult(request.Name, policy);
    }

    private StsResult<(IReadOnlyList<InlinePolicy> Inline, IReadOnlyList<string> ManagedArns)> Find(
        IamCall call, IamEntityKind kind, string action, string name)
    {
        ArgumentNullException.ThrowIfNull(call);
        switch (kind)
        {
            case IamEntityKind.User:
                var (user, userArn) = IamEntities.User(call, name);
                return authorizer.Authorize(call, action, userArn) is { } userDenied ? userDenied
                    : user is null ? IamEntities.NoSuchUser(name) : (user.Policies, user.ManagedPolicyArns);
            case IamEntityKind.Group:
                var (group, groupArn) = IamEntities.Group(call, name);
                return authorizer.Authorize(call, action, groupArn) is { } groupDenied ? groupDenied
                    : group is null ? IamEntities.NoSuchGroup(name) : (group.Policies, group.ManagedPolicyArns);
            default:
                var (role, roleArn) = IamEntities.Role(call, name);
                return authorizer.Authorize(call, action, roleArn) is { } roleDenied ? roleDenied
                    : role is null ? IamEntities.NoSuchRole(name) : (role.Policies, role.ManagedPolicyArns);
        }
    }

    // arn:aws:iam::ACCOUNT:policy/PATH/NAME → /PATH/
    private static string PathOf(string policyArn)
    {
        var resource = Arn.TryParse(policyArn, out var arn) ? arn.Resource : "";
        var first = resource.IndexOf('/', StringComparison.Ordinal);
        var last = resource.LastIndexOf('/');
        return first < 0 ? "/" : resource[first..(last + 1)];
    }
}
