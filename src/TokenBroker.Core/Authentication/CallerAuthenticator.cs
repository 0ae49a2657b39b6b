using TokenBroker.Core.Authentication.SigV4;
using TokenBroker.Core.Credentials;
using TokenBroker.Core.Errors;
using TokenBroker.Core.Model;
using TokenBroker.Core.Revocation;
using PrincipalKind = TokenBroker.Policy.Evaluation.PrincipalKind;

namespace TokenBroker.Core.Authentication;

/// <summary>
/// Authenticates a SigV4-signed request: parse the signature, find the secret of its access key (the directory for
/// AKIA keys, the verified session token for ASIA keys), check the signature, check revocation cutoffs for temporary
/// credentials, and return the caller.
/// </summary>
/// <remarks>Key last-used times are not written here: the endpoint hands the caller to <see cref="Usage.UsageRecorder"/>.</remarks>
public sealed class CallerAuthenticator(
    CredentialVerifier credentials,
    SigV4Parser parser,
    SigV4Verifier verifier,
    RevocationChecker revocation)
{
    /// <summary>The caller, or the error AWS gives for this kind of authentication failure.</summary>
    public Task<StsResult<Caller>> AuthenticateAsync(SigV4Request request, DirectoryView directory, CancellationToken cancellationToken) =>
        AuthenticateAsync(parser.Parse(request), directory, cancellationToken);

    /// <summary>
    /// The caller of a request whose credential scope must name <paramref name="service"/> and one of
    /// <paramref name="regions"/> (the IAM and authorization endpoints), or the error AWS gives.
    /// </summary>
    public Task<StsResult<Caller>> AuthenticateAsync(
        SigV4Request request, string service, IReadOnlySet<string> regions, DirectoryView directory, CancellationToken cancellationToken) =>
        AuthenticateAsync(parser.Parse(request, service, regions), directory, cancellationToken);

    private async Task<StsResult<Caller>> AuthenticateAsync(StsResult<SigV4Claims> parsed, DirectoryView directory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(directory);
        if (!parsed.IsSuccess)
        {
            return parsed.Error;
        }

        var claims = parsed.Value;
        return claims.AccessKeyId.IsTemporary
            ? await AuthenticateSessionAsync(claims, directory, cancellationToken)
            : AuthenticateLongTerm(claims, directory);
    }

    private async Task<StsResult<Caller>> AuthenticateSessionAsync(SigV4Claims claims, DirectoryView directory, CancellationToken cancellationToken)
    {
        // Temporary keys are only half of a credential: without the session token there is nothing to check.
        if (claims.SecurityToken is null)
        {
            return StsErrors.InvalidClientTokenId();
        }

        var session = await credentials.VerifyAsync(claims.AccessKeyId, claims.SecurityToken, cancellationToken);
        if (!session.IsSuccess)
        {
            return session.Error;
        }

        var signature = verifier.Verify(claims, session.Value.SecretAccessKey);
        if (!signature.IsSuccess)
        {
            return signature.Error;
        }

        // Every use of temporary credentials is checked against the cutoffs; long-term keys are not affected, as in
        // AWS (id_roles_use_revoke-sessions: the revoke-older-sessions deny needs aws:TokenIssueTime, absent for them).
        if (await revocation.CheckAsync(session.Value, cancellationToken) is { } revoked)
        {
            return revoked;
        }

        var sessionClaims = session.Value.Claims;
        IamUser? user = null;
        if (sessionClaims.Kind == PrincipalKind.UserSession)
        {
            // A GetSessionToken session acts as its user: a user deleted since then has no session left.
            user = FindUser(directory, sessionClaims.IssuerArn);
            if (user is null)
            {
                return StsErrors.InvalidClientTokenId();
            }
        }

        return Caller.Temporary(sessionClaims, user, signature.Value);
    }

    private StsResult<Caller> AuthenticateLongTerm(SigV4Claims claims, DirectoryView directory)
    {
        var key = directory.FindAccessKey(claims.AccessKeyId);

        // An unknown or inactive key, or a long-term key presented with a session token, is an invalid token (AWS).
        if (key is null || key.Status != AccessKeyStatus.Active || claims.SecurityToken is not null)
        {
            return StsErrors.InvalidClientTokenId();
        }

        var signature = verifier.Verify(claims, key.SecretAccessKey);
        if (!signature.IsSuccess)
        {
            return signature.Error;
        }

        var user = directory.FindUser(key.Account, key.UserName);
        if (user is null)
        {
            return StsErrors.InvalidClientTokenId();
        }

        return Caller.LongTerm(user, signature.Value);
    }

    private static IamUser? FindUser(DirectoryView directory, Arn userArn)
    {
        return userArn.TryGetAccountId(out var account) ? directory.FindUser(account, userArn.Name) : null;
    }
}
