using TokenBroker.Core.Audit;
using TokenBroker.Core.Authentication.Saml;
using TokenBroker.Core.Authorization;
using TokenBroker.Core.Errors;
using TokenBroker.Core.Model;
using TokenBroker.Core.Ports;

namespace TokenBroker.Core.Operations;

/// <summary>
/// The browser sign-in: AssumeRoleWithSAML's steps in two requests. <see cref="ReceiveAsync"/> validates the response
/// the IdP posts and consumes its assertion; <see cref="ChooseRoleAsync"/> validates it again and assumes the role the
/// person picked, against one directory version. Every refusal and every issuance is audited here as
/// AssumeRoleWithSAML, so no browser path issues or refuses credentials without a record.
/// </summary>
public sealed class SamlSignInOperation(AssumeRoleWithSamlOperation saml, DirectoryVersions directories, CredentialAudit audit)
{
    private const string AuditAction = "AssumeRoleWithSAML";

    /// <summary>A role choice without the page's single-use state and its cookie, or with state already used or expired.</summary>
    public static readonly StsError Expired = StsErrors.AccessDenied("The sign-in expired or was already used; sign in again at your identity provider.");

    /// <summary>
    /// Validates a response posted by an IdP against the candidate providers in turn and records its assertion ID so
    /// that it is consumed exactly once; a missing response is refused as an invalid one. A refusal is audited; an
    /// accepted response is audited when a role is chosen with it.
    /// </summary>
    public async Task<StsResult<ValidatedSamlResponse>> ReceiveAsync(
        string? samlResponse, IReadOnlyList<string> providerArns, CallContext call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(providerArns);
        var validated = samlResponse is null
            ? AssumeRoleWithSamlOperation.InvalidResponse
            : await ValidateAndRecordAsync(samlResponse, providerArns, cancellationToken);
        if (!validated.IsSuccess)
        {
            await audit.RecordRefusalAsync(AuditAction, call, AuditedRequest.None, validated.Error, cancellationToken);
        }

        return validated;
    }

    /// <summary>
    /// Assumes the chosen role: the sealed response is validated again, without recording it, and must allow the role;
    /// a null <paramref name="choice"/> (no valid single-use state) is refused with <see cref="Expired"/>. Either
    /// outcome is audited before it is returned.
    /// </summary>
    public async Task<StsResult<AssumeRoleWithSamlResult>> ChooseRoleAsync(SamlRoleChoice? choice, CallContext call, CancellationToken cancellationToken)
    {
        if (choice is null)
        {
            await audit.RecordRefusalAsync(AuditAction, call, AuditedRequest.None, Expired, cancellationToken);
            return Expired;
        }

        // The response is checked again and the role assumed against one directory version.
        var directory = await directories.CurrentAsync(cancellationToken);
        var response = saml.ValidateForProvider(directory, choice.SamlResponse, choice.ProviderArn);
        if (!response.IsSuccess)
        {
            await audit.RecordRefusalAsync(AuditAction, call, AuditedRequest.None, response.Error, cancellationToken);
            return response.Error;
        }

        var result = await saml.AssumeAllowedRoleAsync(directory, response.Value, choice.RoleArn, call, cancellationToken);
        var audited = new AuditedRequest(choice.RoleArn, response.Value.RoleSessionName, response.Value.SourceIdentity);
        return await audit.RecordAsync(AuditAction, null, call, audited, result, r => r.Issued, cancellationToken);
    }

    private async Task<StsResult<ValidatedSamlResponse>> ValidateAndRecordAsync(
        string samlResponse, IReadOnlyList<string> providerArns, CancellationToken cancellationToken)
    {
        var directory = await directories.CurrentAsync(cancellationToken);
        var validated = ValidateForAny(directory, samlResponse, providerArns);
        return validated.IsSuccess && await saml.RecordAssertionAsync(validated.Value, cancellationToken) is { } replay
            ? replay
            : validated;
    }

    // A provider that exists but does not verify the response answers for all: "does not exist" only when none exists.
    private StsResult<ValidatedSamlResponse> ValidateForAny(DirectoryView directory, string samlResponse, IReadOnlyList<string> providerArns)
    {
        StsError? error = null;
        foreach (var providerArn in providerArns)
        {
            var result = saml.ValidateForProvider(directory, samlResponse, providerArn);
            if (result.IsSuccess)
            {
                return result;
            }

            if (error is null || ReferenceEquals(error, AssumeRoleWithSamlOperation.ProviderNotFound))
            {
                error = result.Error;
            }
        }

        // No candidate at all (an encrypted response posted to the shared ACS URL names no provider readable before
        // decryption): the validator's uniform refusal.
        return error ?? AssumeRoleWithSamlOperation.InvalidResponse;
    }
}
