using System.Globalization;
using TokenBroker.Core.Authentication;
using TokenBroker.Core.Authorization;
using TokenBroker.Core.Errors;
using TokenBroker.Core.Iam;
using TokenBroker.Core.Model;
using TokenBroker.Core.Ports;
using TokenBroker.Core.Protocol;

namespace TokenBroker.Core.Audit;

/// <summary>
/// The audit records of IAM API calls (docs/iam.md, "Audit"): every write, whatever its outcome, and every call refused
/// at authentication or authorization, in the same log as the STS records, under the action <c>iam:ACTION</c>. A record
/// keeps the request's identifiers and a write's non-secret response elements, never a secret key, MFA seed, QR code
/// or authentication code. When the record cannot be written, <see cref="StoreUnavailableException"/> is thrown and
/// the caller answers ServiceUnavailable instead of the result (fail closed, as for issued credentials); a write whose
/// answer is shown once is then undone by its <see cref="WriteCompensation"/>.
/// </summary>
public sealed class IamAudit(IAuditLog log, TimeProvider timeProvider)
{
    /// <summary>The prefix of IAM actions in audit records; CloudTrail's eventSource is then <c>iam.amazonaws.com</c>.</summary>
    public const string ActionPrefix = "iam:";

    // Request parameters are untrusted: an oversized value is cut so it cannot bloat the log.
    private const int MaxParameterChars = 2048;

    // The only request parameters a record keeps: names of entities and the values of a write. Everything else
    // (AuthenticationCode1/2, policy documents, markers) is left out; CloudTrail's names lower the first letter.
    private static readonly string[] RecordedParameters =
    [
        "UserName", "AccessKeyId", "Status", "SerialNumber", "VirtualMFADeviceName", "Path", "RoleName", "GroupName",
        "PolicyArn", "PolicyName", "VersionId", "PathPrefix", "SAMLProviderArn", "OpenIDConnectProviderArn",
        "PolicySourceArn", "Arn", "Granularity", "JobId", "AssignmentStatus", "Scope",
    ];

    /// <summary>Whether an IAM action only reads (Get…, List…, Simulate…); CloudTrail marks their events readOnly.</summary>
    public static bool IsReadOnly(string action)
    {
        ArgumentNullException.ThrowIfNull(action);
        var name = action.StartsWith(ActionPrefix, StringComparison.Ordinal) ? action[ActionPrefix.Length..] : action;
        return name.StartsWith("Get", StringComparison.Ordinal) || name.StartsWith("List", StringComparison.Ordinal)
            || name.StartsWith("Simulate", StringComparison.Ordinal);
    }

    /// <summary>
    /// Whether a call is recorded: every write (any action that is not <see cref="IsReadOnly"/>, so a new write is
    /// audited by default) and every call refused at authentication or with AccessDenied. Successful reads and reads
    /// refused for their input (NoSuchEntity, ValidationError) are not.
    /// </summary>
    public static bool ShouldRecord(string action, bool authenticated, StsError? error) =>
        !IsReadOnly(action) || !authenticated || error is { Code: "AccessDenied" };

    /// <summary>The identifiers of the request a record keeps, in CloudTrail's names; null when there are none.</summary>
    public static IReadOnlyDictionary<string, string>? RequestParameters(QueryParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var recorded = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in RecordedParameters)
        {
            if (parameters[name] is { } value)
            {
                recorded[char.ToLowerInvariant(name[0]) + name[1..]] = Cut(value);
            }
        }

        return recorded.Count == 0 ? null : recorded;
    }

    /// <summary>
    /// The response elements of a successful write, CloudTrail's members with dotted names: the new key's id, user,
    /// status and date (never its secret), a new MFA device's serial number (never its seed or QR code), the issuer.
    /// </summary>
    public static IReadOnlyDictionary<string, string>? ResponseElements(string action, object? result) => (action, result) switch
    {
        ("CreateAccessKey", AccessKey key) => new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["accessKey.accessKeyId"] = key.AccessKeyId.Value,
            ["accessKey.userName"] = key.UserName,
            ["accessKey.status"] = key.Status.ToString(),
            ["accessKey.createDate"] = key.CreatedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
        },
        ("CreateVirtualMFADevice", CreatedVirtualMfaDevice device) => new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["virtualMFADevice.serialNumber"] = device.SerialNumber,
        },
        ("EnableOutboundWebIdentityFederation", string issuer) => new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["issuerIdentifier"] = issuer,
        },
        ("GenerateCredentialReport", CredentialReportState state) => new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["state"] = state.State,
        },
        _ => null,
    };

    /// <summary>
    /// Records one IAM call (<paramref name="action"/> without the prefix) once <see cref="ShouldRecord"/> says so:
    /// <paramref name="error"/> null for a success whose value is <paramref name="result"/>.
    /// </summary>
    public async Task RecordAsync(
        string action,
        Caller? caller,
        CallContext call,
        IReadOnlyDictionary<string, string>? requestParameters,
        object? result,
        StsError? error,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(action);
        ArgumentNullException.ThrowIfNull(call);
        var record = new AuditRecord(
            timeProvider.GetUtcNow(), call.RequestId, ActionPrefix + action, error is null ? AuditOutcome.Success : AuditOutcome.Failure,
            error?.Code, caller?.Arn.ToString(), caller?.AccessKeyId.Value, call.SourceIp,
            call.UserAgent is null ? null : Cut(call.UserAgent), null, null, null, null, null, null, null,
            requestParameters, error is null ? ResponseElements(action, result) : null);
        try
        {
            await log.AppendAsync(record, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            throw new StoreUnavailableException("The audit record could not be written.", exception);
        }
    }

    private static string Cut(string value) => value.Length > MaxParameterChars ? value[..MaxParameterChars] : value;
}
