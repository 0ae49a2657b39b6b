using TokenBroker.Core.Errors;
using TokenBroker.Core.Model;

namespace TokenBroker.Core.Iam;

/// <summary>
/// The list reads that users, roles and groups share: List{Users,Roles,Groups} (authorized on <c>*</c>, then the
/// account's entities under the PathPrefix by name) and List{User,Role}Tags (the tags of the entity once found).
/// </summary>
public sealed class IamEntityLists(IamAuthorizer authorizer, IamPaging paging)
{
    /// <summary>A page of the account's entities of one kind whose path starts with the request's PathPrefix, by name.</summary>
    public async Task<StsResult<IamPage<T>>> ByPathAsync<T>(
        IamCall call,
        string action,
        PathListRequest request,
        Func<AccountSnapshot, IEnumerable<T>> entities,
        Func<T, string> path,
        Func<T, string> name,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(entities);
        if (authorizer.Authorize(call, action, "*") is { } denied)
        {
            return denied;
        }

        var selected = IamEntities.ByPath(entities(call.Account), request.PathPrefix, path, name);
        return await paging.PageAsync(call, action, request.PathPrefix, selected, request.Page, cancellationToken);
    }

    /// <summary>
    /// A page of the named entity's tags, once <paramref name="find"/> authorized <c>iam:ACTION</c> on it and found it
    /// (AccessDenied, then NoSuchEntity).
    /// </summary>
    public async Task<StsResult<IamPage<Tag>>> TagsAsync<T>(
        IamCall call,
        string action,
        NamedListRequest request,
        Func<IamCall, string, string, StsResult<T>> find,
        Func<T, IReadOnlyList<Tag>> tags,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(find);
        ArgumentNullException.ThrowIfNull(tags);
        var found = find(call, action, request.Name!);
        return found.IsSuccess
            ? await paging.PageAsync(call, action, request.Name!, tags(found.Value), request.Page, cancellationToken)
            : found.Error;
    }
}
