using TokenBroker.Core.Errors;
using TokenBroker.Core.Model;

namespace TokenBroker.Core.Iam;

/// <summary>
/// The IAM reads of roles: GetRole, ListRoles, ListRoleTags. Each authorizes <c>iam:ACTION</c> on the role's ARN
/// (<c>*</c> for ListRoles) before it tells whether the role exists.
/// </summary>
public sealed class IamRoleReads(IamAuthorizer authorizer, IamEntityLists lists)
{
    /// <summary>GetRole: the named role.</summary>
    public StsResult<IamRole> GetRole(IamCall call, string roleName) => Find(call, "GetRole", roleName);

    /// <summary>ListRoles: the account's roles under a path prefix.</summary>
    public Task<StsResult<IamPage<IamRole>>> ListRolesAsync(IamCall call, PathListRequest request, CancellationToken cancellationToken) =>
        lists.ByPathAsync(call, "ListRoles", request, account => account.Roles, r => r.Path, r => r.RoleName, cancellationToken);

    /// <summary>ListRoleTags: the role's tags.</summary>
    public Task<StsResult<IamPage<Tag>>> ListRoleTagsAsync(IamCall call, NamedListRequest request, CancellationToken cancellationToken) =>
        lists.TagsAsync(call, "ListRoleTags", request, Find, role => role.Tags, cancellationToken);

    /// <summary>The role after authorizing <c>iam:ACTION</c> on it: AccessDenied, then NoSuchEntity.</summary>
    public StsResult<IamRole> Find(IamCall call, string action, string roleName) =>
        authorizer.AuthorizeEntity(call, action, IamEntities.Role(call, roleName), () => IamEntities.NoSuchRole(roleName));
}
