using TokenBroker.Core.Authentication;
using TokenBroker.Core.Credentials;
using TokenBroker.Core.Errors;
using TokenBroker.Core.Model;
using TokenBroker.Core.Ports;
using TokenBroker.Policy;
using TokenBroker.Policy.Compiled;
using PrincipalKind = TokenBroker.Policy.Evaluation.PrincipalKind;

namespace TokenBroker.Core.Authorization;

/// <summary>
/// Finds and compiles the policies that govern a principal: a user's inline, managed and group policies; a role's
/// policies and boundary; a session's policies; all from the one directory view of the request. Anything missing or
/// invalid fails closed (null): skipping a stored Deny would widen access.
/// </summary>
public sealed class PolicyResolver(PolicyCache cache)
{
    /// <summary>The policies behind a caller, or null when any of them cannot be found or compiled.</summary>
    public EffectivePolicies? ForCaller(DirectoryView directory, Caller caller)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(caller);
        return caller.Kind is PrincipalKind.User or PrincipalKind.UserSession
            ? caller.User is { } user ? ForUser(directory, user, []) : null
            : caller.Session is { } session ? ForSession(directory, session) : null;
    }

    /// <summary>
    /// The policies behind a verified session (a role session, a federated user, or a GetSessionToken session acting as
    /// its user), or null when any of them cannot be found or compiled.
    /// </summary>
    public EffectivePolicies? ForSession(DirectoryView directory, SessionClaims session)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(session);
        switch (session.Kind)
        {
            case PrincipalKind.UserSession:
                return FindUser(directory, session.IssuerArn) is { } sessionUser ? ForUser(directory, sessionUser, []) : null;

            case PrincipalKind.FederatedUser:
                var issuer = FindUser(directory, session.IssuerArn);
                var federatedSession = CompileSession(directory, session.Policies);
                return issuer is null || federatedSession is null
                    ? null
                    : ForUser(directory, issuer, federatedSession);

            case PrincipalKind.AssumedRole:
                var role = FindRole(directory, session.IssuerArn);

                // A role deleted and re-created under the same name is a new role (new RoleId): old sessions keep nothing.
                if (role is not null && !string.Equals(role.RoleId, session.RoleId, StringComparison.Ordinal))
                {
                    return null;
                }

                var sessionPolicies = CompileSession(directory, session.Policies);
                if (role is null || sessionPolicies is null)
                {
                    return null;
                }

                var forRole = ForRole(directory, role);
                return forRole is null ? null : forRole with { Session = sessionPolicies, PrincipalTags = MergeTags(session.Tags, role.Tags) };

            default:
                return null;
        }
    }

    /// <summary>A role's identity policies and permissions boundary, or null when one cannot be found or compiled.</summary>
    public EffectivePolicies? ForRole(DirectoryView directory, IamRole role)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(role);
        var identity = new List<CompiledPolicy>();
        if (!AddInline(identity, role.Policies) || !AddManaged(directory, identity, role.ManagedPolicyArns, PolicyKind.Identity))
        {
            return null;
        }

        var boundary = Boundary(directory, role.PermissionsBoundaryArn);
        return boundary.Failed ? null : new EffectivePolicies(identity, boundary.Policy, [], role.Tags);
    }

    /// <summary>
    /// Compiles requested session policies (inline Policy and PolicyArns in <paramref name="account"/>) once, or returns
    /// the error AWS gives: MalformedPolicyDocument for an invalid document, InvalidParameterValue for a missing ARN.
    /// </summary>
    public StsResult<RequestedSessionPolicies> CompileRequested(
        DirectoryView directory, string? inlinePolicy, IReadOnlyList<string> policyArns, AccountId account)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(policyArns);
        var compiled = new List<CompiledPolicy>();
        string? packedInline = null;
        if (inlinePolicy is not null)
        {
            var parsed = cache.GetOrParse(inlinePolicy, PolicyKind.Session);
            if (!parsed.IsValid)
            {
                return StsErrors.MalformedPolicyDocument(parsed.Errors[0].Message);
            }

            compiled.Add(parsed.Policy);

            // The token carries the minified text; seeding the cache with it spares the session's first use a parse.
            packedInline = SessionPolicies.Minify(inlinePolicy);
            cache.GetOrParse(packedInline, PolicyKind.Session);
        }

        foreach (var arn in policyArns)
        {
            // Managed session policies must be customer managed policies of the role's own account (AssumeRole API reference).
            var managed = Arn.TryParse(arn, out var parsedArn) && parsedArn.Account == account.Value
                ? directory.FindManagedPolicy(arn)
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

        return RequestedSessionPolicies.Of(compiled, new SessionPolicies(packedInline, policyArns));
    }

    private EffectivePolicies? ForUser(DirectoryView directory, IamUser user, IReadOnlyList<CompiledPolicy> session)
    {
        var identity = new List<CompiledPolicy>();
        if (!AddInline(identity, user.Policies) || !AddManaged(directory, identity, user.ManagedPolicyArns, PolicyKind.Identity))
        {
            return null;
        }

        foreach (var groupName in user.Groups)
        {
            var group = directory.FindGroup(user.Account, groupName);
            if (group is null || !AddInline(identity, group.Policies)
                || !AddManaged(directory, identity, group.ManagedPolicyArns, PolicyKind.Identity))
            {
                return null;
            }
        }

        var boundary = Boundary(directory, user.PermissionsBoundaryArn);
        return boundary.Failed ? null : new EffectivePolicies(identity, boundary.Policy, session, user.Tags);
    }

    private List<CompiledPolicy>? CompileSession(DirectoryView directory, SessionPolicies policies)
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

        return AddManaged(directory, compiled, policies.PolicyArns, PolicyKind.Identity) ? compiled : null;
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

    private bool AddManaged(DirectoryView directory, List<CompiledPolicy> target, IReadOnlyList<string> arns, PolicyKind kind)
    {
        foreach (var arn in arns)
        {
            var managed = directory.FindManagedPolicy(arn);
            var parsed = managed is null ? null : cache.GetOrParse(managed.Document, kind);
            if (parsed is not { IsValid: true })
            {
                return false;
            }

            target.Add(parsed.Policy);
        }

        return true;
    }

    private (bool Failed, CompiledPolicy? Policy) Boundary(DirectoryView directory, string? arn)
    {
        if (arn is null)
        {
            return (false, null);
        }

        var managed = directory.FindManagedPolicy(arn);
        var parsed = managed is null ? null : cache.GetOrParse(managed.Document, PolicyKind.PermissionsBoundary);
        return parsed is { IsValid: true } ? (false, parsed.Policy) : (true, null);
    }

    private static IamUser? FindUser(DirectoryView directory, Arn userArn) =>
        userArn.TryGetAccountId(out var account) ? directory.FindUser(account, userArn.Name) : null;

    private static IamRole? FindRole(DirectoryView directory, Arn roleArn)
    {
        if (!roleArn.TryGetAccountId(out var account))
        {
            return null;
        }

        var role = directory.FindRole(account, roleArn.Name);
        return role is not null && role.Arn == roleArn ? role : null;
    }

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
