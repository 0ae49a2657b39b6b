using TokenBroker.Core.Authentication;
using TokenBroker.Core.Authentication.Mfa;
using TokenBroker.Core.Authorization;
using TokenBroker.Core.Credentials;
using TokenBroker.Core.Errors;
using TokenBroker.Core.Protocol;

namespace TokenBroker.Core.Operations;

/// <summary>GetSessionToken: temporary credentials for an IAM user, optionally with MFA (reference/sts.md b.2, b.4).</summary>
public sealed class GetSessionTokenOperation(CredentialIssuer issuer, MfaVerifier mfa)
{
    /// <summary>Default session length: 12 hours.</summary>
    public const int DefaultDurationSeconds = 43200;

    /// <summary>The new credentials, or the error AWS gives.</summary>
    public async Task<StsResult<IssuedCredentials>> ExecuteAsync(
        Caller caller, QueryParameters parameters, CallContext call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
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

        var mfaTime = await mfa.VerifyAsync(caller, user, call, serialNumber, tokenCode, cancellationToken);
        if (!mfaTime.IsSuccess)
        {
            return mfaTime.Error!;
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
