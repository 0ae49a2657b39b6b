using TokenBroker.Core.Audit;
using TokenBroker.Core.Authentication;
using PrincipalKind = TokenBroker.Core.Authentication.PrincipalKind;
using TokenBroker.Core.Authentication.Mfa;
using TokenBroker.Core.Authorization;
using TokenBroker.Core.Credentials;
using TokenBroker.Core.Errors;
using TokenBroker.Core.Model;
using TokenBroker.Core.Ports;
using TokenBroker.Core.Protocol;
using TokenBroker.Policy;
using TokenBroker.Policy.Evaluation;

namespace TokenBroker.Core.Operations;

/// <summary>
/// AssumeRole, in AWS's order of checks: parameters, caller kind, role, duration, MFA, session policies, tags, trust
/// (with the caller's identity policies where AWS requires them), then issuance (reference/sts.md b.2, b.4).
/// </summary>
public sealed class AssumeRoleOperation(
    PolicyResolver policies,
    PolicyCache cache,
    MfaVerifier mfa,
    CredentialIssuer issuer,
    CredentialAudit audit,
    TimeProvider timeProvider)
{
    /// <summary>Default session length: one hour.</summary>
    public const int DefaultDurationSeconds = 3600;

    /// <summary>Longest session a role-chaining call may ask for.</summary>
    public const int RoleChainingLimitSeconds = 3600;

    /// <summary>The new role session, or the error AWS gives; either outcome is audited before it is returned.</summary>
    public async Task<StsResult<AssumeRoleResult>> ExecuteAsync(
        Caller caller, DirectoryView directory, QueryParameters parameters, CallContext call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(directory);
        var result = await DecideAsync(caller, directory, parameters, call, cancellationToken);
        return await audit.RecordAsync("AssumeRole", caller, call, AuditedRequest.From(parameters), result, r => r.Issued, cancellationToken);
    }

    private async Task<StsResult<AssumeRoleResult>> DecideAsync(
        Caller caller, DirectoryView directory, QueryParameters parameters, CallContext call, CancellationToken cancellationToken)
    {
        var bound = AssumeRoleRequest.Bind(parameters);
        if (!bound.IsSuccess)
        {
            return bound.Error;
        }

        var request = bound.Value;
        var denied = StsErrors.AccessDenied(AccessDeniedMessage.NotAuthorized(caller.Arn.ToString(), "sts:AssumeRole", request.RoleArn));

        // GetFederationToken sessions may call no STS operation but GetCallerIdentity (id_credentials_temp_request).
        if (caller.Kind == PrincipalKind.FederatedUser)
        {
            return denied;
        }

        var role = RoleLookup.Find(directory, request.RoleArn);
        if (role is null)
        {
            return denied;
        }

        var chained = caller.Kind == PrincipalKind.AssumedRole;
        if (chained && request.DurationSeconds > RoleChainingLimitSeconds)
        {
            return StsErrors.ValidationError("The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.");
        }

        var duration = request.DurationSeconds ?? DefaultDurationSeconds;
        if (duration > role.MaxSessionDuration)
        {
            return StsErrors.ValidationError("The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
        }

        var mfaTime = await VerifyMfaAsync(caller, directory, request, call, cancellationToken);
        if (!mfaTime.IsSuccess)
        {
            return mfaTime.Error;
        }

        // Session policies are compiled now only to reject invalid ones (MalformedPolicyDocument) before anything is issued.
        var sessionPolicies = policies.CompileRequested(directory, request.Policy, request.PolicyArns, role.Account);
        if (!sessionPolicies.IsSuccess)
        {
            return sessionPolicies.Error;
        }

        var inheritedTags = InheritedTransitiveTags(caller.Session);
        var tags = SessionTags.Combine(request.Tags, request.TransitiveTagKeys, inheritedTags);
        if (!tags.IsSuccess)
        {
            return tags.Error;
        }

        // SourceIdentity is set once and survives chaining; it can never change (id_credentials_temp_control-access_monitor).
        var inheritedSourceIdentity = caller.Session?.SourceIdentity;
        if (inheritedSourceIdentity is not null && request.SourceIdentity is not null
            && !string.Equals(inheritedSourceIdentity, request.SourceIdentity, StringComparison.Ordinal))
        {
            return StsErrors.AccessDenied(AccessDeniedMessage.NotAuthorized(caller.Arn.ToString(), "sts:SetSourceIdentity", request.RoleArn));
        }

        var sourceIdentity = inheritedSourceIdentity ?? request.SourceIdentity;
        var trustError = EvaluateTrustPolicy(caller, directory, role, request, call, mfaTime.Value, tags.Value.Tags, sourceIdentity);
        if (trustError is not null)
        {
            return trustError;
        }

        return await IssueAsync(caller, role, request, duration, mfaTime.Value, tags.Value, sourceIdentity, chained, cancellationToken);
    }

    private async Task<StsResult<DateTimeOffset?>> VerifyMfaAsync(
        Caller caller, DirectoryView directory, AssumeRoleRequest request, CallContext call, CancellationToken cancellationToken)
    {
        if (request.SerialNumber is null && request.TokenCode is null)
        {
            return (DateTimeOffset?)null;
        }

        // MFA devices belong to IAM users; only a user (or its GetSessionToken session) can present one.
        if (caller.User is not { } user)
        {
            return StsErrors.AccessDenied(
                "MultiFactorAuthentication failed, unable to validate MFA code. Please verify your MFA serial number is valid and associated with this user.");
        }

        return await mfa.VerifyAsync(directory, caller, user, call, request.SerialNumber, request.TokenCode, cancellationToken);
    }

    private static List<Tag> InheritedTransitiveTags(SessionClaims? session) =>
        session is null
            ? []
            : session.Tags.Where(tag => session.TransitiveTagKeys.Contains(tag.Key, StringComparer.OrdinalIgnoreCase)).ToList();

    /// <summary>
    /// The trust policy must allow sts:AssumeRole (and sts:TagSession when tags are set, sts:SetSourceIdentity when a
    /// source identity is); the caller's own policies must allow it too unless the trust policy names the caller in
    /// the same account — the engine applies AWS's cross-account rules (reference/policy.md §1.1).
    /// </summary>
    private StsError? EvaluateTrustPolicy(
        Caller caller, DirectoryView directory, IamRole role, AssumeRoleRequest request, CallContext call, DateTimeOffset? mfaTime,
        IReadOnlyList<Tag> tags, string? sourceIdentity)
    {
        var denied = StsErrors.AccessDenied(AccessDeniedMessage.NotAuthorized(caller.Arn.ToString(), "sts:AssumeRole", request.RoleArn));
        var trust = cache.GetOrParse(role.TrustPolicy, PolicyKind.Trust);
        var callerPolicies = policies.ForCaller(directory, caller);
        if (!trust.IsValid || callerPolicies is null)
        {
            return denied;
        }

        var now = timeProvider.GetUtcNow();
        var context = ConditionKeys.ForCaller(caller, callerPolicies, call, now);
        if (mfaTime is { } verifiedAt)
        {
            ConditionKeys.SetMfaVerified(context, verifiedAt, now);
        }

        ConditionKeys.SetRequestTags(context, tags);
        context.Set("sts:RoleSessionName", request.RoleSessionName);
        if (request.DurationSeconds is { } requestedDuration)
        {
            context.Set("sts:DurationSeconds", requestedDuration.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        if (request.ExternalId is { } externalId)
        {
            context.Set("sts:ExternalId", externalId);
        }

        if (sourceIdentity is not null)
        {
            context.Set("sts:SourceIdentity", sourceIdentity);
        }

        if (request.TransitiveTagKeys.Count > 0)
        {
            context.SetMultiValued("sts:TransitiveTagKeys", request.TransitiveTagKeys);
        }

        var set = new PolicySet(callerPolicies.Identity, trust.Policy, callerPolicies.PermissionsBoundary, callerPolicies.Session);
        var roleArn = role.Arn.ToString();
        var issuerArn = caller.Session?.IssuerArn.ToString();
        if (!Allows(caller, "sts:AssumeRole", roleArn, role, context, set, issuerArn))
        {
            return denied;
        }

        if (tags.Count > 0 && !Allows(caller, "sts:TagSession", roleArn, role, context, set, issuerArn))
        {
            return StsErrors.AccessDenied(AccessDeniedMessage.NotAuthorized(caller.Arn.ToString(), "sts:TagSession", roleArn));
        }

        if (sourceIdentity is not null && !Allows(caller, "sts:SetSourceIdentity", roleArn, role, context, set, issuerArn))
        {
            return StsErrors.AccessDenied(AccessDeniedMessage.NotAuthorized(caller.Arn.ToString(), "sts:SetSourceIdentity", roleArn));
        }

        return null;
    }

    private static bool Allows(Caller caller, string action, string roleArn, IamRole role, RequestContext context, PolicySet set, string? issuerArn)
    {
        var authorization = new AuthorizationRequest(caller.Arn.ToString(), action, roleArn, context, issuerArn, role.Account.Value);
        return PolicyEvaluator.Evaluate(authorization, set).IsAllowed;
    }

    private async Task<StsResult<AssumeRoleResult>> IssueAsync(
        Caller caller, IamRole role, AssumeRoleRequest request, int duration, DateTimeOffset? mfaTime,
        (IReadOnlyList<Tag> Tags, IReadOnlyList<string> TransitiveTagKeys) tags,
        string? sourceIdentity, bool chained, CancellationToken cancellationToken)
    {
        var sessionArn = Arn.AssumedRole(role.Account, role.RoleName, request.RoleSessionName);
        var assumedRoleId = role.RoleId + ":" + request.RoleSessionName;

        // MFA carries over from the calling session with its original time, so aws:MultiFactorAuthAge stays honest.
        var mfaPresent = mfaTime is not null || caller.Session?.MultiFactorAuthPresent == true;
        var mfaAt = mfaTime ?? (mfaPresent ? caller.Session?.MultiFactorAuthTime : null);
        var grant = new SessionGrant(
            SessionPrincipalKind.AssumedRole,
            role.Account,
            sessionArn,
            role.Arn,
            assumedRoleId,
            role.RoleId,
            request.RoleSessionName,
            TimeSpan.FromSeconds(duration),
            SessionPolicies.Create(request.Policy, request.PolicyArns),
            tags.Tags,
            tags.TransitiveTagKeys,
            sourceIdentity,
            mfaPresent,
            mfaAt,
            chained ? caller.Session!.ChainingDepth + 1 : 0,
            caller.Session?.FederatedProvider,
            // The federated subject passes on through chaining, so a per-subject cutoff also covers chained sessions.
            caller.Session?.FederatedSubject);
        var issued = await issuer.IssueAsync(grant, cancellationToken);
        return issued.IsSuccess
            ? new AssumeRoleResult(issued.Value, assumedRoleId, sessionArn.ToString(), sourceIdentity)
            : issued.Error;
    }
}
