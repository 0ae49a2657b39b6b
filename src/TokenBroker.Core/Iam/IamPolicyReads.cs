using TokenBroker.Core.Errors;
using TokenBroker.Core.Model;

namespace TokenBroker.Core.Iam;

/// <summary>
/// The IAM reads of customer managed policies: GetPolicy, GetPolicyVersion, ListPolicies, ListPolicyVersions. The
/// directory keeps one document per policy, served as its default version v1; AWS managed policies do not exist here.
/// </summary>
public sealed class IamPolicyReads(IamAuthorizer authorizer, IamPaging paging)
{
    /// <summary>GetPolicy: the policy with its attachment counts.</summary>
    public StsResult<ManagedPolicyDetail> GetPolicy(IamCall call, string policyArn)
    {
        var found = Find(call, "GetPolicy", policyArn);
        return found.IsSuccess ? ManagedPolicyDetail.Of(call.Account, found.Value) : found.Error;
    }

    /// <summary>GetPolicyVersion: the document of version v1.</summary>
    public StsResult<ManagedPolicy> GetPolicyVersion(IamCall call, PolicyVersionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var found = Find(call, "GetPolicyVersion", request.PolicyArn);
        if (!found.IsSuccess)
        {
            return found.Error;
        }

        return string.Equals(request.VersionId, ManagedPolicyDetail.DefaultVersionId, StringComparison.Ordinal)
            ? found.Value
            : IamErrors.NoSuchEntity($"Policy {request.PolicyArn} version {request.VersionId} does not exist or is not attachable.");
    }

    /// <summary>ListPolicyVersions: the policy's one version.</summary>
    public async Task<StsResult<IamPage<ManagedPolicy>>> ListPolicyVersionsAsync(IamCall call, NamedListRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var found = Find(call, "ListPolicyVersions", request.Name!);
        return found.IsSuccess
            ? await paging.PageAsync(call, "ListPolicyVersions", request.Name!, [found.Value], request.Page, cancellationToken)
            : found.Error;
    }

    /// <summary>ListPolicies: the account's customer managed policies, filtered as the request says.</summary>
    public async Task<StsResult<IamPage<ManagedPolicyDetail>>> ListPoliciesAsync(IamCall call, ListPoliciesRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(request);
        if (authorizer.Authorize(call, "ListPolicies", "*") is { } denied)
        {
            return denied;
        }

        var account = call.Account;
        var policies = string.Equals(request.Scope, "AWS", StringComparison.Ordinal)
            ? []
            : IamEntities.ByPath(account.ManagedPolicies, request.PathPrefix, p => p.Path, p => p.PolicyName)
                .Select(p => ManagedPolicyDetail.Of(account, p))
                .Where(p => !request.OnlyAttached || p.AttachmentCount > 0)
                .Where(p => request.PolicyUsageFilter switch
                {
                    "PermissionsPolicy" => p.AttachmentCount > 0,
                    "PermissionsBoundary" => p.PermissionsBoundaryUsageCount > 0,
                    _ => true,
                })
                .ToList();
        var scope = string.Join('\n', request.Scope, request.OnlyAttached, request.PathPrefix, request.PolicyUsageFilter);
        return await paging.PageAsync(call, "ListPolicies", scope, policies, request.Page, cancellationToken);
    }

    /// <summary>
    /// The policy after authorizing <c>iam:ACTION</c> on its ARN: AccessDenied, then NoSuchEntity for an ARN that names no
    /// customer managed policy of the caller's account.
    /// </summary>
    public StsResult<ManagedPolicy> Find(IamCall call, string action, string policyArn)
    {
        ArgumentNullException.ThrowIfNull(call);
        if (authorizer.Authorize(call, action, policyArn) is { } denied)
        {
            return denied;
        }

        var policy = Arn.TryParse(policyArn, out var arn) && arn.Account == call.Caller.Account.Value
            ? call.Directory.FindManagedPolicy(policyArn)
            : null;
        return policy is null ? IamErrors.NoSuchEntity($"Policy {policyArn} was not found.") : policy;
    }
}
