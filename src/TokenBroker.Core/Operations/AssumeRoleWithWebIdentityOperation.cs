using TokenBroker.Core.Audit;
using System.Globalization;
using TokenBroker.Core.Authentication.WebIdentity;
using TokenBroker.Core.Authorization;
using TokenBroker.Core.Credentials;
using TokenBroker.Core.Errors;
using TokenBroker.Core.Model;
using TokenBroker.Core.Ports;
using TokenBroker.Policy;
using TokenBroker.Policy.Evaluation;

namespace TokenBroker.Core.Operations;

/// <summary>
/// AssumeRoleWithWebIdentity (an unsigned call), in AWS's order of checks: parameters, role, token (provider chosen by
/// the token's iss in the role's account), role pinning, replay, duration, session policies, tags, trust with the
/// provider as the Federated principal, then issuance (reference/sts.md b.2, b.6; federation.md §4).
/// </summary>
public sealed class AssumeRoleWithWebIdentityOperation(
    WebIdentityTokenValidator validator,
    IReplayCache replayCache,
    WebIdentitySettings settings,
    PolicyResolver policies,
    PolicyCache cache,
    CredentialIssuer issuer,
    CredentialAudit audit,
    TimeProvider timeProvider)
{
    private const string Action = "sts:AssumeRoleWithWebIdentity";

    // AWS's wording for an unknown role or a trust policy that does not allow the call (no principal is named).
    private static readonly StsError Denied = StsErrors.AccessDenied("Not authorized to perform sts:AssumeRoleWithWebIdentity");

    private readonly RoleSessions _sessions = new(cache);

    /// <summary>The new role session, or the error AWS gives.</summary>
    public async Task<StsResult<AssumeRoleWithWebIdentityResult>> ExecuteAsync(
        DirectoryView directory, AssumeRoleWithWebIdentityRequest request, CallContext call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(request);

        // Unsigned calls have no authenticated caller: the record names the role, session and issued key; the token
        // itself is never recorded.
        var result = await DecideAsync(directory, request, call, cancellationToken);
        return await audit.RecordAsync("AssumeRoleWithWebIdentity", null, call, request.Audited, result, r => r.Issued, cancellationToken);
    }

    private async Task<StsResult<AssumeRoleWithWebIdentityResult>> DecideAsync(
        DirectoryView directory, AssumeRoleWithWebIdentityRequest request, CallContext call, CancellationToken cancellationToken)
    {
        // ProviderId names an OAuth 2.0 provider (www.amazon.com, graph.facebook.com); AWS: "Do not specify this value
        // for OpenID Connect ID tokens", and this broker federates only with OpenID Connect providers.
        if (request.ProviderId is not null)
        {
            return StsErrors.InvalidParameterValue("ProviderId must not be specified for an OpenID Connect identity provider.");
        }

        var role = RoleLookup.Find(directory, request.RoleArn);
        if (role is null)
        {
            return Denied;
        }

        var token = await validator.ValidateAsync(request.WebIdentityToken,
            (iss, _) => ValueTask.FromResult(directory.FindOidcProvider(role.Account, iss)), cancellationToken);
        if (!token.IsSuccess)
        {
            return token.Error;
        }

        var identity = token.Value;
        var checkedToken = await CheckRolePinningAndReplayAsync(identity, request.RoleArn, cancellationToken);
        if (checkedToken is not null)
        {
            return checkedToken;
        }

        var duration = RoleSessions.CheckDuration(role, request.DurationSeconds);
        if (!duration.IsSuccess)
        {
            return duration.Error;
        }

        var sessionPolicies = policies.CompileRequested(directory, request.Policy, request.PolicyArns, role.Account);
        if (!sessionPolicies.IsSuccess)
        {
            return sessionPolicies.Error;
        }

        var trustError = EvaluateTrustPolicy(identity, role, request, call);
        if (trustError is not null)
        {
            return trustError;
        }

        return await IssueAsync(identity, role, request.RoleSessionName, duration.Value, sessionPolicies.Value, cancellationToken);
    }

    /// <summary>
    /// The https://aws.amazon.com/roles claim pins a token to role ARNs, exactly (reference/sts.md b.6 item 5); the jti
    /// is recorded only after that, so a token refused for another role is not used up.
    /// </summary>
    private async Task<StsError?> CheckRolePinningAndReplayAsync(
        ValidatedWebIdentityToken identity, string roleArn, CancellationToken cancellationToken)
    {
        if (identity.AuthorizedRoleArns is { } pinned && !pinned.Contains(roleArn, StringComparer.Ordinal))
        {
            return StsErrors.InvalidIdentityToken("The web identity token is not authorized for the requested role.");
        }

        if (settings.RejectReplayedTokens && identity.ReplayKey is { } replay
            && !await replayCache.TryAddAsync("oidc-jti:" + replay.Key, replay.ExpiresAt, cancellationToken))
        {
            return StsErrors.InvalidIdentityToken(WebIdentityMessages.Replayed);
        }

        return null;
    }

    /// <summary>
    /// The trust policy must allow sts:AssumeRoleWithWebIdentity for the principal <c>{"Federated": PROVIDER-ARN}</c>,
    /// and sts:TagSession / sts:SetSourceIdentity when the token carries tags or a source identity, as with AssumeRole.
    /// </summary>
    private StsError? EvaluateTrustPolicy(ValidatedWebIdentityToken identity, IamRole role, AssumeRoleWithWebIdentityRequest request, CallContext call) =>
        _sessions.EvaluateTrustPolicy(Trustee.Federated(identity.Provider.Arn), role, Action, TrustContext(identity, request, call),
            identity.SessionTags.PrincipalTags.Count > 0, identity.SourceIdentity is not null);

    private RequestContext TrustContext(ValidatedWebIdentityToken identity, AssumeRoleWithWebIdentityRequest request, CallContext call)
    {
        var context = ConditionKeys.ForCall(call, timeProvider.GetUtcNow());
        context.Set("aws:PrincipalType", "WebIdentityUser");
        context.Set("aws:FederatedProvider", identity.Provider.Arn.ToString());

        // <provider>:amr and array claims are multi-valued even with one value; the other claim keys are single-valued.
        foreach (var (key, values) in identity.ConditionKeys)
        {
            if (identity.MultiValuedConditionKeys.Contains(key) || values.Count != 1)
            {
                context.SetMultiValued(key, values);
            }
            else
            {
                context.Set(key, values[0]);
            }
        }

        RoleSessions.SetSessionKeys(context, request.RoleSessionName, null, null, identity.SourceIdentity,
            identity.SessionTags.PrincipalTags, identity.SessionTags.TransitiveTagKeys);
        return context;
    }

    private async Task<StsResult<AssumeRoleWithWebIdentityResult>> IssueAsync(
        ValidatedWebIdentityToken identity, IamRole role, string sessionName, int duration, RequestedSessionPolicies sessionPolicies,
        CancellationToken cancellationToken)
    {
        // A first-hop session for a federated subject: no MFA, not chained.
        var grant = SessionGrant.ForRole(role, sessionName, duration, sessionPolicies.Packed,
            (identity.SessionTags.PrincipalTags, identity.SessionTags.TransitiveTagKeys), identity.SourceIdentity, (false, null), 0,
            identity.Provider.Arn.ToString(), identity.SubjectFromWebIdentityToken);
        var issued = await issuer.IssueAsync(grant, cancellationToken);
        return issued.IsSuccess
            ? new AssumeRoleWithWebIdentityResult(issued.Value, identity.SubjectFromWebIdentityToken, grant.UserId, grant.PrincipalArn.ToString(),
                identity.Provider.Url, identity.Audience, identity.SourceIdentity)
            : issued.Error;
    }
}
