using System.Globalization;
using TokenBroker.Core.Authentication.Saml;
using TokenBroker.Core.Authorization;
using TokenBroker.Core.Credentials;
using TokenBroker.Core.Errors;
using TokenBroker.Core.Model;
using TokenBroker.Core.Ports;
using TokenBroker.Core.Protocol;
using TokenBroker.Policy;
using TokenBroker.Policy.Compiled;
using TokenBroker.Policy.Evaluation;

namespace TokenBroker.Core.Operations;

/// <summary>
/// AssumeRoleWithSAML (an unsigned call), in AWS's order of checks: parameters, role, provider, the SAML response
/// (federation.md §2.4), the role pair, replay, duration, session policies, tags, trust, then issuance
/// (reference/sts.md b.5). The browser sign-in uses the same steps split in two: <see cref="AuthenticateAsync"/> when
/// the IdP posts, <see cref="AssumeAsync"/> when the person picks a role.
/// </summary>
public sealed class AssumeRoleWithSamlOperation(
    IDirectory directory,
    IReplayCache replayCache,
    PolicyResolver policies,
    PolicyCache cache,
    CredentialIssuer issuer,
    AssumeRoleWithSamlSettings settings,
    TimeProvider timeProvider)
{
    private const string Action = "sts:AssumeRoleWithSAML";

    private static readonly HashSet<string> SubjectKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        "saml:aud", "saml:iss", "saml:sub", "saml:sub_type", "saml:namequalifier", "saml:doc",
    };

    /// <summary>The new role session, or the error AWS gives.</summary>
    public async Task<StsResult<AssumeRoleWithSamlResult>> ExecuteAsync(
        QueryParameters parameters, CallContext call, CancellationToken cancellationToken)
    {
        var bound = AssumeRoleWithSamlRequest.Bind(parameters);
        if (!bound.IsSuccess)
        {
            return bound.Error!;
        }

        var request = bound.Value;
        var role = await RoleLookup.FindAsync(directory, request.RoleArn, cancellationToken);
        if (role is null)
        {
            return NotAuthorized();
        }

        // PrincipalArn must name a provider of the role's own account (reference/sts.md b.5 item 5).
        var provider = await FindProviderAsync(request.PrincipalArn, role.Account, cancellationToken);
        if (provider is null)
        {
            return ProviderNotFound();
        }

        var validated = Validate(request.SamlAssertion, provider);
        if (!validated.IsSuccess)
        {
            return validated.Error!;
        }

        var response = validated.Value;
        if (!AllowsRole(response, role.Arn, provider.Arn))
        {
            return NotAuthorized();
        }

        var replay = await RecordAssertionAsync(response, cancellationToken);
        return replay is not null
            ? replay
            : await ShapeAndIssueAsync(response, role, request.DurationSeconds, request.Policy, request.PolicyArns, call, cancellationToken);
    }

    /// <summary>
    /// Validates a response posted by an IdP to the browser sign-in for the provider it names, and records its
    /// assertion ID so that it is consumed exactly once.
    /// </summary>
    public async Task<StsResult<ValidatedSamlResponse>> AuthenticateAsync(
        string samlResponse, string providerArn, CancellationToken cancellationToken)
    {
        var validated = await RevalidateAsync(samlResponse, providerArn, cancellationToken);
        if (!validated.IsSuccess)
        {
            return validated;
        }

        var replay = await RecordAssertionAsync(validated.Value, cancellationToken);
        return replay is not null ? replay : validated;
    }

    /// <summary>
    /// Validates again, without recording it, a response that <see cref="AuthenticateAsync"/> accepted and recorded
    /// earlier: the browser sign-in keeps the response sealed in its role page and checks it once more on the choice.
    /// </summary>
    public async Task<StsResult<ValidatedSamlResponse>> RevalidateAsync(
        string samlResponse, string providerArn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(providerArn);
        var provider = Arn.TryParse(providerArn, out var arn) && AccountId.TryParse(arn.Account, out var account)
            ? await FindProviderAsync(providerArn, account, cancellationToken)
            : null;
        return provider is null ? ProviderNotFound() : Validate(samlResponse, provider);
    }

    /// <summary>Assumes one of the roles a validated response allows, with the default duration and no session policies.</summary>
    public async Task<StsResult<AssumeRoleWithSamlResult>> AssumeAsync(
        ValidatedSamlResponse response, string roleArn, CallContext call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        var role = await RoleLookup.FindAsync(directory, roleArn, cancellationToken);
        if (role is null || !AllowsRole(response, role.Arn, response.Provider.Arn))
        {
            return NotAuthorized();
        }

        return await ShapeAndIssueAsync(response, role, null, null, [], call, cancellationToken);
    }

    private static StsError NotAuthorized() => StsErrors.AccessDenied("Not authorized to perform sts:AssumeRoleWithSAML");

    private static StsError ProviderNotFound() => StsErrors.InvalidIdentityToken("Specified provider doesn't exist");

    private StsResult<ValidatedSamlResponse> Validate(string samlResponse, SamlProvider provider) =>
        SamlResponseValidator.Validate(samlResponse, provider, settings.Validation, timeProvider.GetUtcNow());

    private async Task<SamlProvider?> FindProviderAsync(string providerArn, AccountId account, CancellationToken cancellationToken)
    {
        if (!Arn.TryParse(providerArn, out var arn) || !string.Equals(arn.Service, "iam", StringComparison.Ordinal)
            || !arn.Resource.StartsWith("saml-provider/", StringComparison.Ordinal)
            || !string.Equals(arn.Account, account.Value, StringComparison.Ordinal))
        {
            return null;
        }

        var provider = await directory.FindSamlProviderAsync(arn, cancellationToken);
        return provider is not null && provider.Arn == arn ? provider : null;
    }

    // The requested RoleArn and PrincipalArn must be one of the assertion's Role attribute pairs, and the provider must
    // be in the role's account (reference/sts.md b.5 item 5).
    private static bool AllowsRole(ValidatedSamlResponse response, Arn roleArn, Arn providerArn) =>
        string.Equals(roleArn.Account, providerArn.Account, StringComparison.Ordinal)
        && response.Roles.Any(pair => pair.RoleArn == roleArn && pair.PrincipalArn == providerArn);

    /// <summary>
    /// Remembers the assertion ID until it could no longer be accepted (NotOnOrAfter plus the clock skew); a second use
    /// is refused with the validator's uniform message (SAML Profiles §4.1.4.5).
    /// </summary>
    private async Task<StsError?> RecordAssertionAsync(ValidatedSamlResponse response, CancellationToken cancellationToken)
    {
        if (!settings.ReplayCache)
        {
            return null;
        }

        var expiresAt = SaturatingTime.Add(response.NotOnOrAfter, settings.Validation.ClockSkew);
        return await replayCache.TryAddAsync(response.ReplayKey, expiresAt, cancellationToken)
            ? null
            : StsErrors.InvalidIdentityToken("Response signature invalid");
    }

    private async Task<StsResult<AssumeRoleWithSamlResult>> ShapeAndIssueAsync(
        ValidatedSamlResponse response, IamRole role, int? durationSeconds, string? policy, IReadOnlyList<string> policyArns,
        CallContext call, CancellationToken cancellationToken)
    {
        var duration = SessionDuration(response, role, durationSeconds);
        if (!duration.IsSuccess)
        {
            return duration.Error!;
        }

        // Session policies are compiled now only to reject invalid ones (MalformedPolicyDocument) before anything is issued.
        var sessionPolicies = await policies.CompileRequestedAsync(policy, policyArns, role.Account, cancellationToken);
        if (!sessionPolicies.IsSuccess)
        {
            return sessionPolicies.Error!;
        }

        var requestedTags = response.PrincipalTags.Select(tag => new KeyValuePair<string, string>(tag.Key, tag.Value)).ToList();
        var tags = SessionTags.Combine(requestedTags, response.TransitiveTagKeys, []);
        if (!tags.IsSuccess)
        {
            // The tags came from the IdP's attributes, so AWS reports them as a rejected claim.
            return StsErrors.IdpRejectedClaim(tags.Error!.Message);
        }

        var trustError = FederatedRoleSession.EvaluateTrustPolicy(cache, role, response.Provider.Arn, Action,
            Context(response, call, tags.Value), tags.Value.Tags.Count > 0, response.SourceIdentity is not null);
        if (trustError is not null)
        {
            return trustError;
        }

        var grant = FederatedRoleSession.Grant(role, response.RoleSessionName, duration.Value, SessionPolicies.Create(policy, policyArns),
            tags.Value, response.SourceIdentity, response.Provider.Arn, response.Subject);
        var issued = await issuer.IssueAsync(grant, cancellationToken);
        return issued.IsSuccess
            ? new AssumeRoleWithSamlResult(issued.Value, grant.UserId, grant.PrincipalArn.ToString(), response)
            : issued.Error!;
    }

    /// <summary>
    /// min(DurationSeconds or one hour, the SessionDuration attribute, time left until SessionNotOnOrAfter); an explicit
    /// DurationSeconds above the role's MaxSessionDuration is an error (reference/sts.md b.5 item 7).
    /// </summary>
    private StsResult<int> SessionDuration(ValidatedSamlResponse response, IamRole role, int? durationSeconds)
    {
        var duration = durationSeconds ?? AssumeRoleOperation.DefaultDurationSeconds;
        if (duration > role.MaxSessionDuration)
        {
            return StsErrors.ValidationError("The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
        }

        if (response.SessionDuration is { } attribute && attribute < duration)
        {
            duration = attribute;
        }

        if (response.SessionNotOnOrAfter is { } sessionEnd)
        {
            var left = (long)Math.Floor((sessionEnd - timeProvider.GetUtcNow()).TotalSeconds);
            if (left < 1)
            {
                return StsErrors.ExpiredToken("Token must be redeemed within 5 minutes of issuance");
            }

            duration = (int)Math.Min(duration, left);
        }

        return duration;
    }

    /// <summary>The trust-policy context: the call's keys, aws:FederatedProvider, the saml:* keys, tags and session name.</summary>
    private RequestContext Context(
        ValidatedSamlResponse response, CallContext call, (IReadOnlyList<Tag> Tags, IReadOnlyList<string> TransitiveTagKeys) tags)
    {
        var context = ConditionKeys.ForCall(call, timeProvider.GetUtcNow());
        context.Set("aws:FederatedProvider", response.Provider.Arn.ToString());

        // The subject keys are single-valued; the attribute keys (eduPerson, X.500) are multi-valued, as in AWS.
        foreach (var (key, values) in response.ConditionKeys())
        {
            if (SubjectKeys.Contains(key) && values.Count == 1)
            {
                context.Set(key, values[0]);
            }
            else
            {
                context.SetMultiValued(key, values);
            }
        }

        ConditionKeys.SetRequestTags(context, tags.Tags);
        context.Set("sts:RoleSessionName", response.RoleSessionName);
        if (response.SourceIdentity is { } sourceIdentity)
        {
            context.Set("sts:SourceIdentity", sourceIdentity);
        }

        if (tags.TransitiveTagKeys.Count > 0)
        {
            context.SetMultiValued("sts:TransitiveTagKeys", tags.TransitiveTagKeys);
        }

        return context;
    }
}
