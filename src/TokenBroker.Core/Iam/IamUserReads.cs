using TokenBroker.Core.Errors;
using TokenBroker.Core.Model;

namespace TokenBroker.Core.Iam;

/// <summary>
/// The IAM reads of users: GetUser, ListUsers, ListUserTags, ListGroupsForUser. Each authorizes <c>iam:ACTION</c> on the
/// user's ARN (<c>*</c> for ListUsers) before it tells whether the user exists.
/// </summary>
public sealed class IamUserReads(IamAuthorizer authorizer, IamPaging paging, IamEntityLists lists)
{
    /// <summary>GetUser: the named user, or the caller's own user when no name is given.</summary>
    public StsResult<IamUser> GetUser(IamCall call, string? userName) => authorizer.AuthorizeUser(call, "GetUser", userName);

    /// <summary>ListUsers: the account's users under a path prefix.</summary>
    public Task<StsResult<IamPage<IamUser>>> ListUsersAsync(IamCall call, PathListRequest request, CancellationToken cancellationToken) =>
        lists.ByPathAsync(call, "ListUsers", request, account => account.Users, u => u.Path, u => u.UserName, cancellationToken);

    /// <summary>ListUserTags: the user's tags.</summary>
    public Task<StsResult<IamPage<Tag>>> ListUserTagsAsync(IamCall call, NamedListRequest request, CancellationToken cancellationToken) =>
        lists.TagsAsync(call, "ListUserTags", request, Find, user => user.Tags, cancellationToken);

    /// <summary>ListGroupsForUser: the groups the user belongs to.</summary>
    public async Task<StsResult<IamPage<IamGroup>>> ListGroupsForUserAsync(IamCall call, NamedListRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(request);
        var found = Find(call, "ListGroupsForUser", request.Name!);
        if (!found.IsSuccess)
        {
            return found.Error;
        }

        var groups = found.Value.Groups
            .Select(g => call.Directory.FindGroup(call.Caller.Account, g))
            .OfType<IamGroup>()
            .OrderBy(g => g.GroupName, StringComparer.Ordinal)
            .ToList();
        return await paging.PageAsync(call, "ListGroupsForUser", request.Name!, groups, request.Page, cancellationToken);
    }

    /// <summary>The user after authorizing <c>iam:ACTION</c> on it: AccessDenied, then NoSuchEntity.</summary>
    public StsResult<IamUser> Find(IamCall call, string action, string userName) => authorizer.AuthorizeUser(call, action, userName);
}
