using TokenBroker.Core.Authentication;
using TokenBroker.Core.Authorization;
using TokenBroker.Core.Credentials;
using TokenBroker.Core.Errors;
using TokenBroker.Core.Ports;
using PrincipalKind = TokenBroker.Policy.Evaluation.PrincipalKind;

namespace TokenBroker.Core.Audit;

/// <summary>
/// The audit step every credential-issuing operation ends with, inside Core: the outcome is recorded durably before
/// the operation returns, whichever endpoint called it (the STS Query endpoint, the browser sign-in). When the record
/// cannot be written, <see cref="StoreUnavailableException"/> is thrown and no credentials are returned.
/// </summary>
public sealed class CredentialAudit(IAuditLog log, TimeProvider timeProvider)
{
    // Request parameters are untrusted: an oversized value is cut so it cannot bloat the log.
    private const int MaxParameterChars = 2048;

    /// <summary>Records <paramref name="result"/> and returns it unchanged once the record is stored.</summary>
    public async Task<StsResult<T>> RecordAsync<T>(
        string action,
        Caller? caller,
        CallContext call,
        AuditedRequest request,
        StsResult<T> result,
        Func<T, IssuedCredentials> issued,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(issued);
        ArgumentNullException.ThrowIfNull(request);
        var record = result.IsSuccess
            ? Issued(action, caller, call, issued(result.Value))
            : Refused(action, caller, call, request, result.Error);
        await AppendAsync(record, cancellationToken);
        return result;
    }

    /// <summary>
    /// Records a GetWebIdentityToken outcome: the token's jti and expiration, never the token; returns
    /// <paramref name="result"/> unchanged once the record is stored.
    /// </summary>
    public async Task<StsResult<T>> RecordTokenAsync<T>(
        string action,
        Caller caller,
        CallContext call,
        StsResult<T> result,
        Func<T, (string TokenId, DateTimeOffset Expiration)> issued,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(issued);
        (string? TokenId, DateTimeOffset? Expiration) token = result.IsSuccess ? issued(result.Value) : (null, null);
        var (tokenId, expiration) = token;
        var errorCode = result.IsSuccess ? null : result.Error.Code;
        var record = new AuditRecord(
            timeProvider.GetUtcNow(), call.RequestId, action, result.IsSuccess ? AuditOutcome.Success : AuditOutcome.Failure, errorCode,
            caller.Arn.ToString(), caller.AccessKeyId.Value, call.SourceIp, Cut(call.UserAgent), null, caller.Session?.SessionName,
            caller.Session?.SourceIdentity, tokenId, expiration, null);
        await AppendAsync(record, cancellationToken);
        return result;
    }

    /// <summary>Records a request refused before its operation could run (the caller did not authenticate).</summary>
    public Task RecordRefusalAsync(string action, CallContext call, AuditedRequest request, StsError error, CancellationToken cancellationToken) =>
        RecordRefusalAsync(action, null, call, request, error, cancellationToken);

    /// <summary>
    /// Records a request refused before its operation could run: the caller did not authenticate (null), or its
    /// parameters did not bind.
    /// </summary>
    public Task RecordRefusalAsync(
        string action, Caller? caller, CallContext call, AuditedRequest request, StsError error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(error);
        return AppendAsync(Refused(action, caller, call, request, error), cancellationToken);
    }

    /// <summary>
    /// Records an event of an MFA device (<see cref="MfaActions"/>) beside the request's own record, naming the device
    /// and never the code.
    /// </summary>
    public Task RecordMfaAsync(string action, Caller caller, CallContext call, string serialNumber, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(call);
        var record = new AuditRecord(
            timeProvider.GetUtcNow(), call.RequestId, action, AuditOutcome.Failure, "AccessDenied", caller.Arn.ToString(),
            caller.AccessKeyId.Value, call.SourceIp, Cut(call.UserAgent), null, null, null, null, null, null, Cut(serialNumber));
        return AppendAsync(record, cancellationToken);
    }

    private async Task AppendAsync(AuditRecord record, CancellationToken cancellationToken)
    {
        try
        {
            await log.AppendAsync(record, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            throw new StoreUnavailableException("The audit record could not be written.", exception);
        }
    }

    private AuditRecord Issued(string action, Caller? caller, CallContext call, IssuedCredentials issued)
    {
        var claims = issued.Claims;
        var roleArn = claims.Kind == PrincipalKind.AssumedRole ? claims.IssuerArn.ToString() : null;
        return new AuditRecord(
            timeProvider.GetUtcNow(), call.RequestId, action, AuditOutcome.Success, null, caller?.Arn.ToString(),
            caller?.AccessKeyId.Value, call.SourceIp, Cut(call.UserAgent), roleArn, claims.SessionName, claims.SourceIdentity,
            claims.AccessKeyId.Value, claims.Expiration, issued.PackedPolicySize);
    }

    private AuditRecord Refused(string action, Caller? caller, CallContext call, AuditedRequest request, StsError error) =>
        new(
            timeProvider.GetUtcNow(), call.RequestId, action, AuditOutcome.Failure, error.Code, caller?.Arn.ToString(),
            caller?.AccessKeyId.Value, call.SourceIp, Cut(call.UserAgent), Cut(request.RoleArn),
            Cut(request.SessionName), Cut(request.SourceIdentity), null, null, null);

    private static string? Cut(string? value) => value is { Length: > MaxParameterChars } ? value[..MaxParameterChars] : value;
}
