using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using TokenBroker.Core.Audit;

namespace TokenBroker.Cli.Commands;

/// <summary><c>tokenbroker audit</c>: prints audit records, newest first, as JSON Lines.</summary>
internal static class AuditCommand
{
    public static Command Create(StoreOpener stores)
    {
        var data = StoreOpener.CreateDataOption();
        var since = new Option<string?>("--since") { Description = "Only records at or after this time, ISO 8601." };
        var action = new Option<string?>("--action") { Description = "Only records of this action, e.g. AssumeRole or MfaDeviceLocked." };
        var limit = new Option<int>("--limit") { Description = "At most this many records (default 100).", DefaultValueFactory = _ => 100 };
        var format = new Option<string>("--format")
        {
            Description = "json (the records as stored) or cloudtrail (CloudTrail's event shape).",
            DefaultValueFactory = _ => "json",
        };
        format.AcceptOnlyFromAmong("json", "cloudtrail");
        var region = new Option<string>("--region")
        {
            Description = "The awsRegion of CloudTrail events (default: AWS_REGION, else us-east-1).",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("AWS_REGION") is { Length: > 0 } configured ? configured : "us-east-1",
        };
        var command = new Command("audit", "Print the records of credentials issued or refused, newest first, as JSON Lines.")
        {
            data, since, action, limit, format, region,
        };
        command.SetAction((parseResult, cancellationToken) =>
        {
            Func<AuditRecord, string> render = parseResult.GetValue(format) == "cloudtrail"
                ? record => CloudTrailEvents.ToJson(record, parseResult.GetValue(region)!)
                : ToJson;
            return RunAsync(stores, parseResult, data, parseResult.GetValue(since), parseResult.GetValue(action), parseResult.GetValue(limit), render, cancellationToken);
        });
        return command;
    }

    private static async Task<int> RunAsync(
        StoreOpener stores, ParseResult parseResult, Option<string?> data, string? sinceText, string? action, int limit, Func<AuditRecord, string> render,
        CancellationToken cancellationToken)
    {
        var console = parseResult.InvocationConfiguration;
        DateTimeOffset? since = null;
        if (sinceText is not null)
        {
            if (!DateTimeOffset.TryParse(sinceText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
            {
                await console.Error.WriteLineAsync($"--since '{sinceText}' is not a time; use ISO 8601, e.g. 2026-01-02T03:04:05Z.");
                return 1;
            }

            since = parsed;
        }

        if (limit < 1)
        {
            await console.Error.WriteLineAsync("--limit must be at least 1.");
            return 1;
        }

        return await stores.RunWithUnsealedStoresAsync(parseResult, data, async store =>
        {
            foreach (var record in await store.AuditLog.QueryAsync(new AuditQuery(since, action, limit), cancellationToken))
            {
                await console.Output.WriteLineAsync(render(record));
            }

            return 0;
        }, cancellationToken);
    }

    private static string ToJson(AuditRecord record)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("time", record.Time.UtcDateTime);
            json.WriteString("requestId", record.RequestId);
            json.WriteString("action", record.Action);
            json.WriteString("outcome", record.Outcome.ToString());
            Optional(json, "errorCode", record.ErrorCode);
            Optional(json, "callerArn", record.CallerArn);
            Optional(json, "callerAccessKeyId", record.CallerAccessKeyId);
            Optional(json, "sourceIp", record.SourceIp);
            Optional(json, "userAgent", record.UserAgent);
            Optional(json, "roleArn", record.RoleArn);
            Optional(json, "sessionName", record.SessionName);
            Optional(json, "sourceIdentity", record.SourceIdentity);
            Optional(json, "issuedAccessKeyId", record.IssuedAccessKeyId);
            if (record.Expiration is { } expiration)
            {
                json.WriteString("expiration", expiration.UtcDateTime);
            }

            if (record.PackedPolicySize is { } size)
            {
                json.WriteNumber("packedPolicySize", size);
            }

            Optional(json, "mfaSerialNumber", record.MfaSerialNumber);
            Members(json, "requestParameters", record.RequestParameters);
            Members(json, "responseElements", record.ResponseElements);

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void Members(Utf8JsonWriter json, string name, IReadOnlyDictionary<string, string>? members)
    {
        if (members is null)
        {
            return;
        }

        json.WriteStartObject(name);
        foreach (var (key, value) in members)
        {
            json.WriteString(key, value);
        }

        json.WriteEndObject();
    }

    private static void Optional(Utf8JsonWriter json, string name, string? value)
    {
        if (value is not null)
        {
            json.WriteString(name, value);
        }
    }
}
