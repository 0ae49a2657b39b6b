using System.IO.Compression;
using System.Text.Json;

namespace TokenBroker.Core.AccessAdvisor;

/// <summary>
/// Writes a job as gzip-compressed JSON for the store (ARNs repeat, so a group's or policy's report shrinks several
/// times, which matters under DynamoDB's 400 KB item limit) and reads it back; times are Unix milliseconds.
/// </summary>
public static class AccessAdvisorJobCodec
{
    /// <summary>The stored bytes of <paramref name="job"/>.</summary>
    public static byte[] Write(AccessAdvisorJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
        using (var json = new Utf8JsonWriter(gzip))
        {
            json.WriteStartObject();
            json.WriteString("jobId", job.JobId);
            json.WriteString("account", job.Account);
            json.WriteString("creator", job.CreatorArn);
            json.WriteString("entity", job.EntityArn);
            json.WriteString("type", job.JobType);
            json.WriteString("status", job.JobStatus);
            json.WriteNumber("created", job.JobCreationDate.ToUnixTimeMilliseconds());
            json.WriteNumber("completed", job.JobCompletionDate.ToUnixTimeMilliseconds());
            Optional(json, "errorCode", job.ErrorCode);
            Optional(json, "errorMessage", job.ErrorMessage);
            json.WriteStartArray("services");
            foreach (var service in job.Services)
            {
                WriteService(json, service);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>The job in <paramref name="content"/>, or null when the bytes are not a job this codec wrote.</summary>
    public static AccessAdvisorJob? Read(byte[] content)
    {
        ArgumentNullException.ThrowIfNull(content);
        try
        {
            using var gzip = new GZipStream(new MemoryStream(content), CompressionMode.Decompress);
            using var document = JsonDocument.Parse(gzip);
            var root = document.RootElement;
            return new AccessAdvisorJob(
                root.GetProperty("jobId").GetString()!,
                root.GetProperty("account").GetString()!,
                root.GetProperty("creator").GetString()!,
                root.GetProperty("entity").GetString()!,
                root.GetProperty("type").GetString()!,
                root.GetProperty("status").GetString()!,
                Time(root.GetProperty("created")),
                Time(root.GetProperty("completed")),
                [.. root.GetProperty("services").EnumerateArray().Select(ReadService)],
                OptionalString(root, "errorCode"),
                OptionalString(root, "errorMessage"));
        }
        catch (Exception exception) when (exception is JsonException or InvalidDataException or KeyNotFoundException or InvalidOperationException)
        {
            return null;
        }
    }

    private static void WriteService(Utf8JsonWriter json, ServiceLastAccessed service)
    {
        json.WriteStartObject();
        json.WriteString("name", service.ServiceName);
        json.WriteString("namespace", service.ServiceNamespace);
        OptionalTime(json, "last", service.LastAuthenticated);
        Optional(json, "entity", service.LastAuthenticatedEntity);
        Optional(json, "region", service.LastAuthenticatedRegion);
        json.WriteNumber("total", service.TotalAuthenticatedEntities);
        if (service.TrackedActionsLastAccessed is { } actions)
        {
            json.WriteStartArray("actions");
            foreach (var action in actions)
            {
                json.WriteStartObject();
                json.WriteString("name", action.ActionName);
                Optional(json, "entity", action.LastAccessedEntity);
                OptionalTime(json, "last", action.LastAccessedTime);
                Optional(json, "region", action.LastAccessedRegion);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        json.WriteStartArray("entities");
        foreach (var entity in service.Entities)
        {
            json.WriteStartObject();
            json.WriteString("arn", entity.Arn);
            json.WriteString("name", entity.Name);
            json.WriteString("type", entity.Type);
            json.WriteString("id", entity.Id);
            json.WriteString("path", entity.Path);
            OptionalTime(json, "last", entity.LastAuthenticated);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static ServiceLastAccessed ReadService(JsonElement service) => new(
        service.GetProperty("name").GetString()!,
        service.GetProperty("namespace").GetString()!,
        OptionalTime(service, "last"),
        OptionalString(service, "entity"),
        OptionalString(service, "region"),
        service.GetProperty("total").GetInt32(),
        service.TryGetProperty("actions", out var actions)
            ? [.. actions.EnumerateArray().Select(a => new TrackedActionLastAccessed(
                a.GetProperty("name").GetString()!, OptionalString(a, "entity"), OptionalTime(a, "last"), OptionalString(a, "region")))]
            : null,
        [.. service.GetProperty("entities").EnumerateArray().Select(e => new EntityLastAccessed(
            e.GetProperty("arn").GetString()!, e.GetProperty("name").GetString()!, e.GetProperty("type").GetString()!,
            e.GetProperty("id").GetString()!, e.GetProperty("path").GetString()!, OptionalTime(e, "last")))]);

    private static void Optional(Utf8JsonWriter json, string name, string? value)
    {
        if (value is not null)
        {
            json.WriteString(name, value);
        }
    }

    private static void OptionalTime(Utf8JsonWriter json, string name, DateTimeOffset? value)
    {
        if (value is { } time)
        {
            json.WriteNumber(name, time.ToUnixTimeMilliseconds());
        }
    }

    private static string? OptionalString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) ? value.GetString() : null;

    private static DateTimeOffset? OptionalTime(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) ? Time(value) : null;

    private static DateTimeOffset Time(JsonElement value) => DateTimeOffset.FromUnixTimeMilliseconds(value.GetInt64());
}
