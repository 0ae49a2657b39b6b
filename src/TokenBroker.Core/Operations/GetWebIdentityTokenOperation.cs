using System.Globalization;
using TokenBroker.Core.Audit;
using TokenBroker.Core.Authentication;
using TokenBroker.Core.Authorization;
using TokenBroker.Core.Errors;
using TokenBroker.Core.Model;
using TokenBroker.Core.Outbound;
using TokenBroker.Policy.Evaluation;

namespace TokenBroker.Core.Operations;

/// <summary>
/// GetWebIdentityToken: a JWT for the caller's identity, signed by the account's issuer keys, that an external service
/// verifies offline with the issuer's discovery document and JWKS. Checks in order: parameters, caller kind, the
/// caller's policies (sts:GetWebIdentityToken, and sts:TagGetWebIdentityToken with tags), the account's switch, the
/// calling session's expiration; then one local signature (reference/iam-api.md §9).
/// </summary>
public sealed class GetWebIdentityTokenOperation(
    PolicyResolver policies, OidcSigningKeys keys, OutboundIssuer? issuer, CredentialAudit audit, TimeProvider timeProvider)
{
    /// <summary>Default token lifetime: five minutes.</summary>
    public const int DefaultDurationSeconds = 300;

    /// <summary>Largest payload the broker signs; AWS publishes no figure, so this bounds the token at about 22 KB.</summary>
    public const int MaxPayloadBytes = 16 * 1024;

    private const string Action = "GetWebIdentityToken";

    /// <summary>The signed token, or the error AWS gives; either outcome is audited (without the token) before it is returned.</summary>
    public async Task<StsResult<GetWebIdentityTokenResult>> ExecuteAsync(
        Caller caller, DirectoryView directory, GetWebIdentityTokenRequest request, CallContext call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(request);
        var result = await DecideAsync(caller, directory, request, call, cancellationToken);
        return await audit.RecordTokenAsync(Action, caller, call, result, r => (r.TokenId, r.Expiration), cancellationToken);
    }

    private async Task<StsResult<GetWebIdentityTokenResult>> DecideAsync(
        Caller caller, DirectoryView directory, GetWebIdentityTokenRequest request, CallContext call, CancellationToken cancellationToken)
    {
        var audiences = request.Audiences;
        var duration = request.DurationSeconds ?? DefaultDurationSeconds;
        var algorithm = request.SigningAlgorithm;
        var tags = SessionTags.Combine(request.Tags, [], []);
        if (!tags.IsSuccess)
        {
            return tags.Error;
        }

        // GetFederationToken sessions may call only GetCallerIdentity, GetSessionToken sessions only AssumeRole and
        // GetCallerIdentity (id_credentials_temp_request comparison table).
        if (caller.Kind is PrincipalKind.FederatedUser or PrincipalKind.UserSession)
        {
            return StsErrors.AccessDenied(AccessDeniedMessage.NotAuthorized(caller.Arn.ToString(), "sts:GetWebIdentityToken", "*"));
        }

        var callerPolicies = policies.ForCaller(directory, caller);
        var now = timeProvider.GetUtcNow();
        var denied = Authorize(caller, callerPolicies, call, now, audiences, duration, algorithm, tags.Value.Tags);
        if (denied is not null)
        {
            return denied;
        }

        if (issuer is null || !directory.IsOutboundWebIdentityFederationEnabled(caller.Account))
        {
            return StsErrors.OutboundWebIdentityFederationDisabled();
        }

        var expiration = now.AddSeconds(duration);
        if (caller.Session is { } session && expiration > session.Expiration)
        {
            return StsErrors.SessionDurationEscalation();
        }

        var content = new WebIdentityTokenContent(
            issuer.For(caller.Account),
            Subject(caller),
            audiences,
            now,
            expiration,
            Guid.NewGuid().ToString(),
            caller.Account,
            caller.Region,
            callerPolicies!.PrincipalTags,
            tags.Value.Tags);
        if (WebIdentityTokenWriter.Payload(content).Length > MaxPayloadBytes)
        {
            return StsErrors.JwtPayloadSizeExceeded();
        }

        var key = await keys.GetSigningKeyAsync(algorithm, cancellationToken);
        return new GetWebIdentityTokenResult(WebIdentityTokenWriter.Write(content, key), expiration, content.TokenId);
    }

    // A role session's token names the role, as AWS's sample token does; a user's names the user.
    private static string Subject(Caller caller) =>
        caller.Kind == PrincipalKind.AssumedRole && caller.Session is { } session ? session.IssuerArn.ToString() : caller.Arn.ToString();

    /// <summary>The caller's identity policies, boundary and session policies must allow the action with its condition keys.</summary>
    private static StsError? Authorize(
        Caller caller, EffectivePolicies? callerPolicies, CallContext call, DateTimeOffset now, IReadOnlyList<string> audiences, int duration,
        string algorithm, IReadOnlyList<Tag> tags)
    {
        string[] actions = tags.Count > 0 ? ["sts:GetWebIdentityToken", "sts:TagGetWebIdentityToken"] : ["sts:GetWebIdentityToken"];
        foreach (var action in actions)
        {
            var allowed = false;
            if (callerPolicies is not null)
            {
                var context = ConditionKeys.ForCaller(caller, callerPolicies, call, now);
                ConditionKeys.SetRequestTags(context, tags);
                context.SetMultiValued("sts:IdentityTokenAudience", audiences);
                context.Set("sts:DurationSeconds", duration.ToString(CultureInfo.InvariantCulture));
                context.Set("sts:SigningAlgorithm", algorithm);
                var set = new PolicySet(callerPolicies.Identity, null, callerPolicies.PermissionsBoundary, callerPolicies.Session);
                allowed = PolicyEvaluator.Evaluate(new AuthorizationRequest(caller.Principal, action, "*", context), set).IsAllowed;
            }

            if (!allowed)
            {
                return StsErrors.AccessDenied(AccessDeniedMessage.NotAuthorized(caller.Arn.ToString(), action, "*"));
            }
        }

        return null;
    }
}
