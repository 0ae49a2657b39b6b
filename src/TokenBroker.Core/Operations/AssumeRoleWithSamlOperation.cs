using TokenBroker.Core.Audit;
using System.Globalization;
using TokenBroker.Core.Authentication.Saml;
using TokenBroker.Core.Authorization;
using TokenBroker.Core.Credentials;
using TokenBroker.Core.Errors;
using TokenBroker.Core.Model;
using TokenBroker.Core.Ports;
using TokenBroker.Policy;
using TokenBroker.Policy.Compiled;
using TokenBroker.Policy.Evaluation;

namespace TokenBroker.Core.Operations;

/// <summary>
/// AssumeRoleWithSAML (an unsigned call), in AWS's order of checks: parameters, role, provider, the SAML response
/// (federation.md §2.4), the role pair, replay, duration, session policies, tags, trust, then issuance
/// (reference/sts.md b.5). The browser sign-in (<see cref="SamlSignInOperation"/>) runs the same steps in two requests.
/// </summary>
public sealed class AssumeRoleWithSamlOperation(
    IReplayCache replayCache,
    PolicyResolver policies,
    PolicyCache cache,
    CredentialIssuer issuer,
    CredentialAudit audit,
    AssumeRoleWithSamlSettings settings,
    TimeProvider timeProvider)
{
    private const string Action = "sts:AssumeRoleWithSAML";
    private const string AuditAction = "AssumeRoleWithSAML";

    private readonly RoleSessions _sessions = new(cache);

    private static readonly HashSet<string> SubjectKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        "saml:aud", "saml:iss", "saml:sub", "saml:sub_type", "saml:namequalifier", "saml:doc",
    };

    /// <summary>The new role session, or the error AWS gives; either outcome is audited before it is returned.</summary>
    public async Task<StsResult<AssumeRoleWithSamlResult>> ExecuteAsync(
        DirectoryView directory, AssumeRoleWithSamlRequest request, CallContext call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(request);

        // Unsigned calls have no authenticated caller: the record names the role, session and issued key; the
        // assertion itself is never recorded.
        var result = await DecideAsync(directory, request, call, cancellationToken);
        return await audit.RecordAsync(AuditAction, null, call, request.Audited, result, r => r.Issued, cancellationToken);
    }

    private async Task<StsResult<AssumeRoleWithSamlResult>> DecideAsync(
        DirectoryView directory, AssumeRoleWithSamlRequest request, CallContext call, CancellationToken cancellationToken)
    {
        var role = RoleLookup.Find(directory, request.RoleArn);
        if (role is null)
        {
            return NotAuthorized();
        }

        // PrincipalArn must name a provider of the role's own account (reference/sts.md b.5 item 5).
        var provider = FindProvider(directory, request.PrincipalArn, role.Account);
        if (provider is null)
        {
            return ProviderNotFound;
        }

        var validated = Validate(request.SamlAssertion, provider);
        if (!validated.IsSuccess)
        {
            return validated.Error;
        }

        var response = validated.Value;
        if (!AllowsRole(response, role.Arn, provider.Arn))
        {
            return NotAuthorized();
        }

        var replay = await RecordAssertionAsync(response, cancellationToken);
        return replay is not null
            ? replay
            : await ShapeAndIssueAsync(directory, response, role, request.DurationSeconds, request.Policy, request.PolicyArns, call, cancellationToken);
    }

    /// <summary>
    /// Validates a response against one provider, named by its ARN, without recording its assertion: the browser
    /// sign-in's step (<see cref="SamlSignInOperation"/>).
    /// </summary>
    internal StsResult<ValidatedSamlResponse> ValidateForProvider(DirectoryView directory, string samlResponse, string providerArn)
    {
        var provider = Arn.TryParse(providerArn, out var arn) && arn.TryGetAccountId(out var account)
            ? FindProvider(directory, providerArn, account)
            : null;
        return provider is null ? ProviderNotFound : Validate(samlResponse, provider);
    }

    /// <summary>
    /// Assumes one of the roles a validated response allows, with the default duration and no session policies; the
    /// caller audits the outcome.
    /// </summary>
    internal async Task<StsResult<AssumeRoleWithSamlResult>> AssumeAllowedRoleAsync(
        DirectoryView directory, ValidatedSamlResponse response, string roleArn, CallContext call, CancellationToken cancellationToken)
    {
        var role = RoleLookup.Find(directory, roleArn);
        return role is null || !AllowsRole(response, role.Arn, response.Provider.Arn)
            ? NotAuthorized()
            : await ShapeAndIssueAsync(directory, response, role, null, null, [], call, cancellationToken);
    }

    private static StsError NotAuthorized() => StsErrors.AccessDenied("Not authorized to perform sts:AssumeRoleWithSAML");

    /// <summary>A PrincipalArn that names no SAML provider of the role's account.</summary>
    internal static readonly StsError ProviderNotFound = StsErrors.InvalidIdentityToken("Specified provider doesn't exist");

    /// <summary>The validator's uniform refusal, also given for a replayed assertion.</summary>
    internal static readonly StsError InvalidResponse = StsErrors.InvalidIdentityToken("Response signature invalid");

    private StsResult<ValidatedSamlResponse> Validate(string samlResponse, SamlProvider provider) =>
        SamlResponseValidator.Validate(samlResponse, provider, settings.Validation, timeProvider.GetUtcNow());

    private static SamlProvider? FindProvider(DirectoryView directory, string providerArn, AccountId account)
    {
        if (!Arn.TryParse(providerArn, out var arn) || !string.Equals(arn.Service, "iam", StringComparison.Ordinal)
            || !arn.Resource.StartsWith("saml-provider/", StringComparison.Ordinal)
            || !string.Equals(arn.Account, account.Value, StringComparison.Ordinal))
        {
            return null;
        }

        var provider = directory.FindSamlProvider(arn);
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
    internal async Task<StsError?> RecordAssertionAsync(ValidatedSamlResponse response, CancellationToken cancellationToken)
    {
        if (!settings.ReplayCache)
        {
            return null;
        }

        var expiresAt = SaturatingTime.Add(response.NotOnOrAfter, settings.Validation.ClockSkew);
        return await replayCache.TryAddAsync(response.ReplayKey, expiresAt, cancellationToken)
            ? null
            : InvalidResponse;
    }

    private async Task<StsResult<AssumeRoleWithSamlResult>> ShapeAndIssueAsync(
        DirectoryView directory, ValidatedSamlResponse response, IamRole role, int? durationSeconds, string? policy, IReadOnlyList<string> policyArns,
        CallContext call, CancellationToken cancellationToken)
    {
        var duration = SessionDuration(response, role, durationSeconds);
        if (!duration.IsSuccess)
        {
            return duration.Error;
        }

        var sessionPolicies = policies.CompileRequested(directory, policy, policyArns, role.Account);
        if (!sessionPolicies.IsSuccess)
        {
            return sessionPolicies.Error;
        }

        var requestedTags = response.PrincipalTags.Select(tag => new KeyValuePair<string, string>(tag.Key, tag.Value)).ToList();
        var tags = SessionTags.Combine(requestedTags, response.TransitiveTagKeys, []);
        if (!tags.IsSuccess)
        {
            // The tags came from the IdP's attributes, so AWS reports them as a rejected claim.
            return StsErrors.IdpRejectedClaim(tags.Error.Message);
        }

        var trustError = _sessions.EvaluateTrustPolicy(Trustee.Federated(response.Provider.Arn), role, Action,
            Context(response, call, tags.Value), tags.Value.Tags.Count > 0, response.SourceIdentity is not null);
        if (trustError is not null)
        {
            return trustError;
        }

        // A first-hop session for a federated subject: no MFA, not chained.
        var grant = SessionGrant.ForRole(role, response.RoleSessionName, duration.Value, sessionPolicies.Value.Packed,
            tags.Value, response.SourceIdentity, (false, null), 0, response.Provider.Arn.ToString(), response.Subject);
        var issued = await issuer.IssueAsync(grant, cancellationToken);
        return issued.IsSuccess
            ? new AssumeRoleWithSamlResult(issued.Value, grant.UserId, grant.PrincipalArn.ToString(), response)
            : issued.Error;
    }

    /// <summary>
    /// min(DurationSeconds or one hour, the SessionDuration attribute, time left until SessionNotOnOrAfter); an explicit
    /// DurationSeconds above the role's MaxSessionDuration is an error (reference/sts.md b.5 item 7).
    /// </summary>
    private StsResult<int> SessionDuration(ValidatedSamlResponse response, IamRole role, int? durationSeconds)
    {
        var checkedDuration = RoleSessions.CheckDuration(role, durationSeconds);
        if (!checkedDuration.IsSuccess)
        {
            return checkedDuration.Error;
        }

        var duration = checkedDuration.Value;

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

        RoleSessions.SetSessionKeys(context, response.RoleSessionName, null, null, response.SourceIdentity, tags.Tags, tags.TransitiveTagKeys);
        return context;
    }
}
