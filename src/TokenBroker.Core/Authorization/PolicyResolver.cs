using TokenBroker.Core.Authentication;
using TokenBroker.Core.Credentials;
using TokenBroker.Core.Errors;
using TokenBroker.Core.Model;
using TokenBroker.Core.Ports;
using TokenBroker.Policy;
using TokenBroker.Policy.Compiled;

namespace TokenBroker.Core.Authorization;

/// <summary>
/// Finds and compiles the policies that govern a principal: a user's inline, managed and group policies; a role's
/// policies and boundary; a session's policies. Anything missing or invalid fails closed (null): skipping a stored Deny
/// would widen access.
/// </summary>
public sealed class PolicyResolver(IDirectory directory, PolicyCache cache)
{
    /// <summary>The policies behind a caller, or null when any of them cannot be found or compiled.</summary>
    public async Task<EffectivePolicies?> ForCallerAsync(Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        switch (caller.Kind)
        {
            case PrincipalKind.User or PrincipalKind.UserSession when caller.User is { } user:
                return await ForUserAsync(user, [], cancellationToken);

            case PrincipalKind.FederatedUser when caller.Session is { } federated:
                var issuer = await FindUserAsync(federated.IssuerArn, cancellationToken);
                var federatedSession = await CompileSessionAsync(federated.Policies, cancellationToken);
                return issuer is null || federatedSession is null
                    ? null
                    : await ForUserAsync(issuer, federatedSession, cancellationToken);

            case PrincipalKind.AssumedRole when caller.Session is { } session:
                var role = await FindRoleAsync(session.IssuerArn, cancellationToken);

                // A role deleted and re-created under the same name is a new role (new RoleId): old sessions keep nothing.
                if (role is not null && !string.Equals(role.RoleId, session.RoleId, StringComparison.Ordinal))
                {
                    return null;
                }

                var sessionPolicies = await CompileSessionAsync(session.Policies, cancellationToken);
                if (role is null || sessionPolicies is null)
                {
                    return null;
                }

                var forRole = await ForRoleAsync(role, cancellationToken);
                return forRole is null ? null : forRole with { Session = sessionPolicies, PrincipalTags = MergeTags(session.Tags, role.Tags) };

            default:
                return null;
        }
    }

    /// <summary>A role's identity policies and permissions boundary, or null when one cannot be found or compiled.</summary>
    public async Task<EffectivePolicies?> ForRoleAsync(IamRole role, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(role);
        var identity = new List<CompiledPolicy>();
        if (!AddInline(identity, role.Policies) || !await AddManagedAsync(identity, role.ManagedPolicyArns, PolicyKind.Identity, cancellationToken))
        {
            return null;
        }

        var boundary = await BoundaryAsync(role.PermissionsBoundaryArn, cancellationToken);
        return boundary.Failed ? null : new EffectivePolicies(identity, boundary.Policy, [], role.Tags);
    }

    /// <summary>
    /// Compiles requested session policies (inline Policy and PolicyArns in <paramref name="account"/>) or returns the
    /// error AWS gives: MalformedPolicyDocument for an invalid document.
    /// </summary>
    public async Task<StsResult<IReadOnlyList<CompiledPolicy>>> CompileRequestedAsync(
        string? inlinePolicy, IReadOnlyList<string> policyArns, AccountId account, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(policyArns);
        var compiled = new List<CompiledPolicy>();
        if (inlinePolicy is not null)
        {
            var parsed = cache.GetOrParse(inlinePolicy, PolicyKind.Session);
            if (!parsed.IsValid)
            {
                return StsErrors.MalformedPolicyDocument(parsed.Errors[0].Message);
            }

            compiled.Add(parsed.Policy);
        }

        foreach (var arn in policyArns)
        {
            // Managed session policies must be customer managed policies of the role's own account (AssumeRole API reference).
            var managed = Arn.TryParse(arn, out var parsedArn) && parsedArn.Account == account.Value
                ? await directory.FindManagedPolicyAsync(arn, cancellationToken)
                : null;
            if (managed is null)
            {
                return StsErrors.InvalidParameterValue($"Policy {arn} does not exist or is not attachable.");
            }

            // A managed policy keeps its own grammar and quota when used as a session policy.
            var parsed = cache.GetOrParse(managed.Document, PolicyKind.Identity);
            if (!parsed.IsValid)
            {
                return StsErrors.MalformedPolicyDocument(parsed.Errors[0].Message);
            }

            compiled.Add(parsed.Policy);
        }

        return compiled;
    }

    private async Task<EffectivePolicies?> ForUserAsync(IamUser user, IReadOnlyList<CompiledPolicy> session, CancellationToken cancellationToken)
    {
        var identity = new List<CompiledPolicy>();
        if (!AddInline(identity, user.Policies) || !await AddManagedAsync(identity, user.ManagedPolicyArns, PolicyKind.Identity, cancellationToken))
        {
            return null;
        }

        foreach (var groupName in user.Groups)
        {
            var group = await directory.FindGroupAsync(user.Account, groupName, cancellationToken);
            if (group is null || !AddInline(identity, group.Policies)
                || !await AddManagedAsync(identity, group.ManagedPolicyArns, PolicyKind.Identity, cancellationToken))
            {
                return null;
            }
        }

        var boundary = await BoundaryAsync(user.PermissionsBoundaryArn, cancellationToken);
        return boundary.Failed ? null : new EffectivePolicies(identity, boundary.Policy, session, user.Tags);
    }

    private async Task<IReadOnlyList<CompiledPolicy>?> CompileSessionAsync(SessionPolicies policies, CancellationToken cancellationToken)
    {
        var compiled = new List<CompiledPolicy>();
        if (policies.InlinePolicy is { } inline)
        {
            var parsed = cache.GetOrParse(inline, PolicyKind.Session);
            if (!parsed.IsValid)
            {
                return null;
            }

            compiled.Add(parsed.Policy);
        }

        return await AddManagedAsync(compiled, policies.PolicyArns, PolicyKind.Identity, cancellationToken) ? compiled : null;
    }

    private bool AddInline(List<CompiledPolicy> target, IReadOnlyList<InlinePolicy> policies)
    {
        foreach (var policy in policies)
        {
            var parsed = cache.GetOrParse(policy.Document, PolicyKind.Identity);
            if (!parsed.IsValid)
            {
                return false;
            }

            target.Add(parsed.Policy);
        }

        return true;
    }

    private async Task<bool> AddManagedAsync(List<CompiledPolicy> target, IReadOnlyList<string> arns, PolicyKind kind, CancellationToken cancellationToken)
    {
        foreach (var arn in arns)
        {
            var managed = await directory.FindManagedPolicyAsync(arn, cancellationToken);
            var parsed = managed is null ? null : cache.GetOrParse(managed.Document, kind);
            if (parsed is not { IsValid: true })
            {
                return false;
            }

            target.Add(parsed.Policy);
        }

        return true;
    }

    private async Task<(bool Failed, CompiledPolicy? Policy)> BoundaryAsync(string? arn, CancellationToken cancellationToken)
    {
        if (arn is null)
        {
            return (false, null);
        }

        var managed = await directory.FindManagedPolicyAsync(arn, cancellationToken);
        var parsed = managed is null ? null : cache.GetOrParse(managed.Document, PolicyKind.PermissionsBoundary);
        return parsed is { IsValid: true } ? (false, parsed.Policy) : (true, null);
    }

    private async Task<IamUser?> FindUserAsync(Arn userArn, CancellationToken cancellationToken) =>
        AccountId.TryParse(userArn.Account, out var account)
            ? await directory.FindUserAsync(account, LastSegment(userArn.Resource), cancellationToken)
            : null;

    private async Task<IamRole?> FindRoleAsync(Arn roleArn, CancellationToken cancellationToken)
    {
        if (!AccountId.TryParse(roleArn.Account, out var account))
        {
            return null;
        }

        var role = await directory.FindRoleAsync(account, LastSegment(roleArn.Resource), cancellationToken);
        return role is not null && role.Arn == roleArn ? role : null;
    }

    private static string LastSegment(string resource) => resource[(resource.LastIndexOf('/') + 1)..];

    /// <summary>Session tags override the role's tags with the same key, compared case-insensitively (id_session-tags).</summary>
    private static List<Tag> MergeTags(IReadOnlyList<Tag> sessionTags, IReadOnlyList<Tag> roleTags)
    {
        var merged = new List<Tag>(sessionTags);
        foreach (var tag in roleTags)
        {
            if (!sessionTags.Any(t => string.Equals(t.Key, tag.Key, StringComparison.OrdinalIgnoreCase)))
            {
                merged.Add(tag);
            }
        }

        return merged;
    }
}
