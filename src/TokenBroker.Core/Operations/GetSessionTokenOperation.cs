using TokenBroker.Core.Audit;
using TokenBroker.Core.Authentication;
using TokenBroker.Core.Authorization;
using TokenBroker.Core.Authentication.Mfa;
using TokenBroker.Core.Credentials;
using TokenBroker.Core.Errors;
using TokenBroker.Core.Model;
using PrincipalKind = TokenBroker.Policy.Evaluation.PrincipalKind;

namespace TokenBroker.Core.Operations;

/// <summary>GetSessionToken: temporary credentials for an IAM user, optionally with MFA (reference/sts.md b.2, b.4).</summary>
public sealed class GetSessionTokenOperation(CredentialIssuer issuer, MfaVerifier mfa, CredentialAudit audit)
{
    /// <summary>Default session length: 12 hours.</summary>
    public const int DefaultDurationSeconds = 43200;

    /// <summary>The new credentials, or the error AWS gives; either outcome is audited before it is returned.</summary>
    public async Task<StsResult<IssuedCredentials>> ExecuteAsync(
        Caller caller, DirectoryView directory, GetSessionTokenRequest request, CallContext call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(request);
        var result = await DecideAsync(caller, directory, request, call, cancellationToken);
        return await audit.RecordAsync("GetSessionToken", caller, call, AuditedRequest.None, result, issued => issued, cancellationToken);
    }

    private async Task<StsResult<IssuedCredentials>> DecideAsync(
        Caller caller, DirectoryView directory, GetSessionTokenRequest request, CallContext call, CancellationToken cancellationToken)
    {
        // Temporary credentials of any kind cannot call GetSessionToken (id_credentials_temp_request comparison table).
        if (caller.Kind != PrincipalKind.User || caller.User is not { } user)
        {
            return StsErrors.AccessDenied("Cannot call GetSessionToken with session credentials");
        }

        var mfaTime = await mfa.VerifyAsync(directory, caller, user, call, request.SerialNumber, request.TokenCode, cancellationToken);
        if (!mfaTime.IsSuccess)
        {
            return mfaTime.Error;
        }

        var grant = SessionGrant.ForUserSession(user, request.DurationSeconds ?? DefaultDurationSeconds, mfaTime.Value);
        return await issuer.IssueAsync(grant, cancellationToken);
    }
}
