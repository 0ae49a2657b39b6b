using TokenBroker.Core.Audit;
using TokenBroker.Core.Authentication;
using TokenBroker.Core.Authentication.Mfa;
using TokenBroker.Core.Authorization;
using TokenBroker.Core.Credentials;
using TokenBroker.Core.Errors;
using TokenBroker.Core.Model;
using TokenBroker.Policy;
using PrincipalKind = TokenBroker.Policy.Evaluation.PrincipalKind;

namespace TokenBroker.Core.Operations;

/// <summary>
/// AssumeRole, in AWS's order of checks: caller kind, role, duration, MFA, session policies, tags, source identity,
/// trust (with the caller's identity policies where AWS requires them), then issuance (reference/sts.md b.2, b.4).
/// </summary>
public sealed class AssumeRoleOperation(
    PolicyResolver policies,
    PolicyCache cache,
    MfaVerifier mfa,
    CredentialIssuer issuer,
    CredentialAudit audit,
    TimeProvider timeProvider)
{
    private const string Action = "sts:AssumeRole";

    /// <summary>Longest session a role-chaining call may ask for.</summary>
    public const int RoleChainingLimitSeconds = 3600;

    private readonly RoleSessions _sessions = new(cache);

    /// <summary>The new role session, or the error AWS gives; either outcome is audited before it is returned.</summary>
    public async Task<StsResult<AssumeRoleResult>> ExecuteAsync(
        Caller caller, DirectoryView directory, AssumeRoleRequest request, CallContext call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(request);
        var result = await DecideAsync(caller, directory, request, call, cancellationToken);
        return await audit.RecordAsync("AssumeRole", caller, call, request.Audited, result, r => r.Issued, cancellationToken);
    }

    private async Task<StsResult<AssumeRoleResult>> DecideAsync(
        Caller caller, DirectoryView directory, AssumeRoleRequest request, CallContext call, CancellationToken cancellationToken)
    {
        var denied = StsErrors.AccessDenied(AccessDeniedMessage.NotAuthorized(caller.Arn.ToString(), Action, request.RoleArn));

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

        var duration = RoleSessions.CheckDuration(role, request.DurationSeconds);
        if (!duration.IsSuccess)
        {
            return duration.Error;
        }

        var mfaTime = await VerifyMfaAsync(caller, directory, request, call, cancellationToken);
        if (!mfaTime.IsSuccess)
        {
            return mfaTime.Error;
        }

        var sessionPolicies = policies.CompileRequested(directory, request.Policy, request.PolicyArns, role.Account);
        if (!sessionPolicies.IsSuccess)
        {
            return sessionPolicies.Error;
        }

        var tags = SessionTags.Combine(request.Tags, request.TransitiveTagKeys, InheritedTransitiveTags(caller.Session));
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
        var callerPolicies = policies.ForCaller(directory, caller);
        if (callerPolicies is null)
        {
            return denied;
        }

        var context = TrustContext(caller, callerPolicies, request, call, mfaTime.Value, tags.Value.Tags, sourceIdentity);
        var trustError = _sessions.EvaluateTrustPolicy(
            Trustee.Of(caller, callerPolicies), role, Action, context, tags.Value.Tags.Count > 0, sourceIdentity is not null);
        if (trustError is not null)
        {
            return trustError;
        }

        // MFA carries over from the calling session with its original time, so aws:MultiFactorAuthAge stays honest.
        var mfaPresent = mfaTime.Value is not null || caller.Session?.MultiFactorAuthPresent == true;
        var grant = SessionGrant.ForRole(
            role,
            request.RoleSessionName,
            duration.Value,
            sessionPolicies.Value.Packed,
            tags.Value,
            sourceIdentity,
            (mfaPresent, mfaTime.Value ?? (mfaPresent ? caller.Session?.MultiFactorAuthTime : null)),
            chained ? caller.Session!.ChainingDepth + 1 : 0,
            caller.Session?.FederatedProvider,
            // The federated subject passes on through chaining, so a per-subject cutoff also covers chained sessions.
            caller.Session?.FederatedSubject);
        var issued = await issuer.IssueAsync(grant, cancellationToken);
        return issued.IsSuccess
            ? new AssumeRoleResult(issued.Value, grant.UserId, grant.PrincipalArn.ToString(), sourceIdentity)
            : issued.Error;
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

    /// <summary>The caller's global keys, MFA verified in this call, and the sts:* keys of the requested session.</summary>
    private Policy.Evaluation.RequestContext TrustContext(
        Caller caller, EffectivePolicies callerPolicies, AssumeRoleRequest request, CallContext call, DateTimeOffset? mfaTime,
        IReadOnlyList<Tag> tags, string? sourceIdentity)
    {
        var now = timeProvider.GetUtcNow();
        var context = ConditionKeys.ForCaller(caller, callerPolicies, call, now);
        if (mfaTime is { } verifiedAt)
        {
            ConditionKeys.SetMfaVerified(context, verifiedAt, now);
        }

        RoleSessions.SetSessionKeys(
            context, request.RoleSessionName, request.DurationSeconds, request.ExternalId, sourceIdentity, tags, request.TransitiveTagKeys);
        return context;
    }
}
