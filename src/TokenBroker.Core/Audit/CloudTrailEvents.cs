using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using TokenBroker.Core.Model;

namespace TokenBroker.Core.Audit;

/// <summary>
/// Writes audit records in CloudTrail's event shape (eventVersion 1.08), so tools that read CloudTrail read the
/// broker's log. Only what the record holds is written: names, ids and times, never a secret, session token,
/// assertion, web identity token or MFA code (the record holds none).
/// </summary>
public static class CloudTrailEvents
{
    /// <summary>The CloudTrail record format version written.</summary>
    public const string EventVersion = "1.08";

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The record as one CloudTrail event, one line of JSON; <paramref name="region"/> is the broker's region.</summary>
    public static string ToJson(AuditRecord record, string region)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            Write(json, record, region);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Writes the record as one CloudTrail event object.</summary>
    public static void Write(Utf8JsonWriter json, AuditRecord record, string region)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(record);
        var (eventSource, eventName) = SourceAndName(record.Action);
        var caller = Arn.TryParse(record.CallerArn, out var parsed) ? parsed : null;
        json.WriteStartObject();
        json.WriteString("eventVersion", EventVersion);
        WriteUserIdentity(json, record, caller);
        json.WriteString("eventTime", record.Time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture));
        json.WriteString("eventSource", eventSource);
        json.WriteString("eventName", eventName);
        json.WriteString("awsRegion", region);
        json.WriteString("sourceIPAddress", record.SourceIp);
        json.WriteString("userAgent", record.UserAgent);
        WriteRequestParameters(json, record);
        WriteResponseElements(json, record);
        if (record.Outcome == AuditOutcome.Failure)
        {
            json.WriteString("errorCode", record.ErrorCode);
            // The log keeps the code, not the message: messages may quote request input.
            json.WriteString("errorMessage", $"The request was refused with {record.ErrorCode}.");
        }

        json.WriteString("requestID", record.RequestId);
        json.WriteString("eventID", EventId(record));
        json.WriteBoolean("readOnly", eventSource == "iam.amazonaws.com" && IamAudit.IsReadOnly(eventName));
        json.WriteString("eventType", IsBrokerEvent(record.Action) ? "AwsServiceEvent" : "AwsApiCall");
        json.WriteString("recipientAccountId", RecipientAccount(record, caller));
        json.WriteEndObject();
    }

    /// <summary>
    /// The event's id: a UUID derived from the record (request id, action, time, outcome), so a record delivered twice
    /// by an at-least-once sink carries the same id both times and a receiver can drop the duplicate.
    /// </summary>
    public static string EventId(AuditRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var key = string.Join('\n', record.RequestId, record.Action, record.Time.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture), record.Outcome.ToString(), record.MfaSerialNumber ?? "");
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(key)).AsSpan(0, 16).ToArray();
        // RFC 9562 §5.8 (UUIDv8, custom): version and variant bits set on the hash.
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash, bigEndian: true).ToString();
    }

    // STS actions by default; a data-plane record names its service prefix ("s3:GetObject"); IAM API actions have
    // the "iam:" prefix in the same way.
    private static (string Source, string Name) SourceAndName(string action)
    {
        var colon = action.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 ? ($"{action[..colon]}.amazonaws.com", action[(colon + 1)..]) : ("sts.amazonaws.com", action);
    }

    private static bool IsBrokerEvent(string action) =>
        action is MfaActions.CodeRejected or MfaActions.DeviceLocked or MfaActions.RefusedWhileLocked;

    private static void WriteUserIdentity(Utf8JsonWriter json, AuditRecord record, Arn? caller)
    {
        json.WriteStartObject("userIdentity");
        json.WriteString("type", IdentityType(record.Action, caller));
        // The record keeps no principal id (AIDA…/AROA…:session); the ARN names the principal.
        json.WriteNull("principalId");
        json.WriteString("arn", record.CallerArn);
        json.WriteString("accountId", caller?.Account);
        json.WriteString("accessKeyId", record.CallerAccessKeyId);
        if (caller is { } session && IsSession(session))
        {
            json.WriteStartObject("sessionContext");
            if (RoleOf(session) is { } role)
            {
                json.WriteStartObject("sessionIssuer");
                json.WriteString("type", "Role");
                json.WriteString("arn", role);
                json.WriteString("accountId", session.Account);
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        json.WriteEndObject();
    }

    private static string IdentityType(string action, Arn? caller) => caller?.Resource switch
    {
        null => action switch
        {
            "AssumeRoleWithSAML" => "SAMLUser",
            "AssumeRoleWithWebIdentity" => "WebIdentityUser",
            _ => "Unknown",
        },
        "root" => "Root",
        var resource when resource.StartsWith("user/", StringComparison.Ordinal) => "IAMUser",
        var resource when resource.StartsWith("assumed-role/", StringComparison.Ordinal) => "AssumedRole",
        var resource when resource.StartsWith("federated-user/", StringComparison.Ordinal) => "FederatedUser",
        _ => "Unknown",
    };

    private static bool IsSession(Arn arn) =>
        arn.Resource.StartsWith("assumed-role/", StringComparison.Ordinal) || arn.Resource.StartsWith("federated-user/", StringComparison.Ordinal);

    // arn:aws:sts::ACCOUNT:assumed-role/NAME/SESSION was issued by arn:aws:iam::ACCOUNT:role/NAME (a role path, which
    // the assumed-role ARN does not carry, is not shown).
    private static string? RoleOf(Arn session)
    {
        var parts = session.Resource.Split('/');
        return parts is ["assumed-role", var name, ..] ? $"arn:{session.Partition}:iam::{session.Account}:role/{name}" : null;
    }

    private static void WriteRequestParameters(Utf8JsonWriter json, AuditRecord record)
    {
        json.WriteStartObject("requestParameters");
        Optional(json, "roleArn", record.RoleArn);
        Optional(json, record.Action == "GetFederationToken" ? "name" : "roleSessionName", record.SessionName);
        Optional(json, "sourceIdentity", record.SourceIdentity);
        Optional(json, "serialNumber", record.MfaSerialNumber);
        foreach (var (name, value) in record.RequestParameters ?? new Dictionary<string, string>())
        {
            json.WriteString(name, value);
        }

        json.WriteEndObject();
    }

    // The issued credentials' key id and expiry; the secret key and session token are never in the record.
    private static void WriteResponseElements(Utf8JsonWriter json, AuditRecord record)
    {
        if (record.ResponseElements is { } elements && record.Outcome == AuditOutcome.Success)
        {
            WriteNested(json, elements);
            return;
        }

        if (record.Outcome != AuditOutcome.Success || (record.IssuedAccessKeyId is null && record.Expiration is null))
        {
            json.WriteNull("responseElements");
            return;
        }

        json.WriteStartObject("responseElements");
        json.WriteStartObject("credentials");
        Optional(json, "accessKeyId", record.IssuedAccessKeyId);
        if (record.Expiration is { } expiration)
        {
            json.WriteString("expiration", expiration.UtcDateTime.ToString("MMM d, yyyy, h:mm:ss tt", System.Globalization.CultureInfo.InvariantCulture));
        }

        json.WriteEndObject();
        if (record.PackedPolicySize is { } size)
        {
            json.WriteNumber("packedPolicySize", size);
        }

        json.WriteEndObject();
    }

    // An IAM write's response elements: "accessKey.userName" is member userName of object accessKey (one level, as
    // CloudTrail nests IAM's results); the record holds only non-secret members (IamAudit.ResponseElements).
    private static void WriteNested(Utf8JsonWriter json, IReadOnlyDictionary<string, string> elements)
    {
        json.WriteStartObject("responseElements");
        foreach (var group in elements.GroupBy(e => e.Key.Contains('.', StringComparison.Ordinal) ? e.Key[..e.Key.IndexOf('.', StringComparison.Ordinal)] : ""))
        {
            if (group.Key.Length > 0)
            {
                json.WriteStartObject(group.Key);
            }

            foreach (var (name, value) in group)
            {
                json.WriteString(group.Key.Length > 0 ? name[(group.Key.Length + 1)..] : name, value);
            }

            if (group.Key.Length > 0)
            {
                json.WriteEndObject();
            }
        }

        json.WriteEndObject();
    }

    private static string? RecipientAccount(AuditRecord record, Arn? caller) =>
        Arn.TryParse(record.RoleArn, out var role) && role.Account.Length > 0 ? role.Account : caller?.Account;

    private static void Optional(Utf8JsonWriter json, string name, string? value)
    {
        if (value is not null)
        {
            json.WriteString(name, value);
        }
    }
}
