using TokenBroker.Core.Audit;
using TokenBroker.Core.Authentication;
using TokenBroker.Core.Authorization;
using TokenBroker.Core.Authentication.Mfa;
using TokenBroker.Core.Credentials;
using TokenBroker.Core.Errors;
using TokenBroker.Core.Model;
using TokenBroker.Core.Protocol;

namespace TokenBroker.Core.Operations;

/// <summary>GetSessionToken: temporary credentials for an IAM user, optionally with MFA (reference/sts.md b.2, b.4).</summary>
public sealed class GetSessionTokenOperation(CredentialIssuer issuer, MfaVerifier mfa, CredentialAudit audit)
{
    /// <summary>Default session length: 12 hours.</summary>
    public const int DefaultDurationSeconds = 43200;

    /// <summary>The new credentials, or the error AWS gives; either outcome is audited before it is returned.</summary>
    public async Task<StsResult<IssuedCredentials>> ExecuteAsync(
        Caller caller, DirectoryView directory, QueryParameters parameters, CallContext call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var result = await DecideAsync(caller, directory, parameters, call, cancellationToken);
        return await audit.RecordAsync("GetSessionToken", caller, call, AuditedRequest.From(parameters), result, issued => issued, cancellationToken);
    }

    private async Task<StsResult<IssuedCredentials>> DecideAsync(
        Caller caller, DirectoryView directory, QueryParameters parameters, CallContext call, CancellationToken cancellationToken)
    {
        var reader = new ParameterReader(parameters);
        var duration = reader.Number("DurationSeconds", 900, 129600) ?? DefaultDurationSeconds;
        var serialNumber = reader.Text("SerialNumber", StsParameters.SerialNumber);
        var tokenCode = reader.Text("TokenCode", StsParameters.TokenCode);
        if (reader.Error is { } validation)
        {
            return validation;
        }

        // Temporary credentials of any kind cannot call GetSessionToken (id_credentials_temp_request comparison table).
        if (caller.Kind != PrincipalKind.User || caller.User is not { } user)
        {
            return StsErrors.AccessDenied("Cannot call GetSessionToken with session credentials");
        }

        var mfaTime = await mfa.VerifyAsync(directory, caller, user, call, serialNumber, tokenCode, cancellationToken);
        if (!mfaTime.IsSuccess)
        {
            return mfaTime.Error;
        }

        var grant = new SessionGrant(
            SessionPrincipalKind.UserSession,
            user.Account,
            user.Arn,
            user.Arn,
            user.UserId,
            RoleId: null,
            SessionName: null,
            TimeSpan.FromSeconds(duration),
            SessionPolicies.None,
            Tags: [],
            TransitiveTagKeys: [],
            SourceIdentity: null,
            MultiFactorAuthPresent: mfaTime.Value is not null,
            MultiFactorAuthTime: mfaTime.Value,
            ChainingDepth: 0,
            FederatedProvider: null);
        return await issuer.IssueAsync(grant, cancellationToken);
    }
}
