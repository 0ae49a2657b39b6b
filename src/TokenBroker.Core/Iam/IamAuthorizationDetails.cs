using TokenBroker.Core.Errors;

namespace TokenBroker.Core.Iam;

/// <summary>
/// GetAccountAuthorizationDetails: every user, group, role and customer managed policy of the account with their
/// policies, paged over users, then groups, then roles, then policies (AWS's order of the four lists).
/// </summary>
public sealed class IamAuthorizationDetails(IamAuthorizer authorizer, IamPaging paging)
{
    /// <summary>The page of entities the filter selects.</summary>
    public async Task<StsResult<IamPage<AuthorizationDetail>>> GetAsync(
        IamCall call, AuthorizationDetailsRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(request);
        if (authorizer.Authorize(call, "GetAccountAuthorizationDetails", "*") is { } denied)
        {
            return denied;
        }

        bool Wants(string type) => request.Filter.Count == 0 || request.Filter.Contains(type, StringComparer.Ordinal);
        var account = call.Account;
        var details = new List<AuthorizationDetail>();
        if (Wants("User"))
        {
            details.AddRange(account.Users.OrderBy(u => u.UserName, StringComparer.Ordinal).Select(u => new AuthorizationDetail(u, null, null, null)));
        }

        if (Wants("Group"))
        {
            details.AddRange(account.Groups.OrderBy(g => g.GroupName, StringComparer.Ordinal).Select(g => new AuthorizationDetail(null, g, null, null)));
        }

        if (Wants("Role"))
        {
            details.AddRange(account.Roles.OrderBy(r => r.RoleName, StringComparer.Ordinal).Select(r => new AuthorizationDetail(null, null, r, null)));
        }

        // The broker has customer managed policies only: AWSManagedPolicy selects none.
        if (Wants("LocalManagedPolicy"))
        {
            details.AddRange(account.ManagedPolicies.OrderBy(p => p.PolicyName, StringComparer.Ordinal)
                .Select(p => new AuthorizationDetail(null, null, null, ManagedPolicyDetail.Of(account, p))));
        }

        var scope = string.Join(',', request.Filter.Order(StringComparer.Ordinal));
        return await paging.PageAsync(call, "GetAccountAuthorizationDetails", scope, details, request.Page, cancellationToken);
    }
}
