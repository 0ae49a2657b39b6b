using System.Buffers;
using System.Globalization;
using System.Text.Json;
using TokenBroker.Core.Authentication;
using TokenBroker.Core.DataPlane;
using TokenBroker.Core.Errors;
using TokenBroker.Policy.Evaluation;

namespace TokenBroker.Host.DataPlane;

/// <summary>Writes the JSON answers of POST /authorize (docs/authorize.md).</summary>
internal static class DecisionJson
{
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? _threadBuffer;

    [ThreadStatic]
    private static Utf8JsonWriter? _threadJson;

    /// <summary>{"decision", "principal", "action", "resource", "matchedStatements", "encodedMessage"} or {"decision": "Deny", "error"}.</summary>
    public static byte[] Decision(DataPlaneDecision decision)
    {
        var (buffer, json) = Writer();
        try
        {
            json.WriteStartObject();
            json.WriteString("decision", decision.Decision);
            if (decision.Caller is { } caller)
            {
                WritePrincipal(json, caller, decision);
            }

            WriteOptional(json, "action", decision.Action);
            WriteOptional(json, "resource", decision.Resource);
            if (decision.Error is null)
            {
                json.WriteStartArray("matchedStatements");
                foreach (var statement in decision.MatchedStatements)
                {
                    json.WriteStringValue(statement);
                }

                json.WriteEndArray();
            }

            WriteOptional(json, "encodedMessage", decision.EncodedMessage);
            if (decision.Error is { } error)
            {
                WriteError(json, error);
            }

            json.WriteEndObject();
            json.Flush();
            return buffer.WrittenSpan.ToArray();
        }
        finally
        {
            buffer.Clear();
        }
    }

    /// <summary>{"error": {"code", "message"}} for a caller-level failure.</summary>
    public static byte[] Error(StsError error)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            WriteError(json, error);
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>The principal type as aws:PrincipalType names it.</summary>
    public static string PrincipalType(Caller caller) => caller.Kind switch
    {
        PrincipalKind.AssumedRole => "AssumedRole",
        PrincipalKind.FederatedUser => "FederatedUser",
        PrincipalKind.Root => "Root",
        _ => "User",
    };

    /// <summary>The session name of a role session or federated user, else null.</summary>
    public static string? SessionName(Caller caller) =>
        caller.Kind is PrincipalKind.AssumedRole or PrincipalKind.FederatedUser ? caller.Session?.SessionName : null;

    /// <summary>The principal's tags as one JSON object.</summary>
    public static string TagsObject(DataPlaneDecision decision)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            WriteTags(json, decision);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>
    /// This thread's reusable buffer and writer: a decision is written synchronously, so one pair per thread serves every
    /// answer without growing a new stream each time; the buffer is cleared after each answer.
    /// </summary>
    private static (ArrayBufferWriter<byte> Buffer, Utf8JsonWriter Json) Writer()
    {
        var buffer = _threadBuffer ??= new ArrayBufferWriter<byte>(1024);
        var json = _threadJson ??= new Utf8JsonWriter(buffer);
        json.Reset(buffer);
        return (buffer, json);
    }

    private static void WritePrincipal(Utf8JsonWriter json, Caller caller, DataPlaneDecision decision)
    {
        json.WriteStartObject("principal");
        json.WriteString("arn", caller.Arn.ToString());
        json.WriteString("account", caller.Account.Value);
        json.WriteString("userId", caller.UserId);
        json.WriteString("type", PrincipalType(caller));
        WriteOptional(json, "sessionName", SessionName(caller));
        WriteOptional(json, "sourceIdentity", caller.Session?.SourceIdentity);
        json.WritePropertyName("tags");
        WriteTags(json, decision);
        json.WriteBoolean("mfa", caller.Session?.MultiFactorAuthPresent ?? false);
        if (caller.Session is { } session)
        {
            json.WriteString("issuedAt", Timestamp(session.IssuedAt));
            json.WriteString("expiresAt", Timestamp(session.Expiration));
        }

        json.WriteEndObject();
    }

    private static void WriteTags(Utf8JsonWriter json, DataPlaneDecision decision)
    {
        json.WriteStartObject();
        foreach (var tag in decision.PrincipalTags)
        {
            json.WriteString(tag.Key, tag.Value);
        }

        json.WriteEndObject();
    }

    private static void WriteError(Utf8JsonWriter json, StsError error)
    {
        json.WriteStartObject("error");
        json.WriteString("code", error.Code);
        json.WriteString("message", error.Message);
        json.WriteEndObject();
    }

    private static void WriteOptional(Utf8JsonWriter json, string name, string? value)
    {
        if (value is not null)
        {
            json.WriteString(name, value);
        }
    }

    private static string Timestamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
