using TokenBroker.Core.Errors;
using TokenBroker.Core.Model;

namespace TokenBroker.Core.Iam;

/// <summary>The IAM reads of groups: GetGroup (with its members) and ListGroups.</summary>
public sealed class IamGroupReads(IamAuthorizer authorizer, IamPaging paging, IamEntityLists lists)
{
    /// <summary>GetGroup: the group and a page of its users.</summary>
    public async Task<StsResult<GetGroupResult>> GetGroupAsync(IamCall call, NamedListRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(request);
        var found = Find(call, "GetGroup", request.Name!);
        if (!found.IsSuccess)
        {
            return found.Error;
        }

        var members = call.Account.Users
            .Where(u => u.Groups.Contains(found.Value.GroupName, StringComparer.Ordinal))
            .OrderBy(u => u.UserName, StringComparer.Ordinal)
            .ToList();
        var page = await paging.PageAsync(call, "GetGroup", request.Name!, members, request.Page, cancellationToken);
        return page.IsSuccess ? new GetGroupResult(found.Value, page.Value) : page.Error;
    }

    /// <summary>ListGroups: the account's groups under a path prefix.</summary>
    public Task<StsResult<IamPage<IamGroup>>> ListGroupsAsync(IamCall call, PathListRequest request, CancellationToken cancellationToken) =>
        lists.ByPathAsync(call, "ListGroups", request, account => account.Groups, g => g.Path, g => g.GroupName, cancellationToken);

    /// <summary>The group after authorizing <c>iam:ACTION</c> on it: AccessDenied, then NoSuchEntity.</summary>
    public StsResult<IamGroup> Find(IamCall call, string action, string groupName) =>
        authorizer.AuthorizeEntity(call, action, IamEntities.Group(call, groupName), () => IamEntities.NoSuchGroup(groupName));
}
