using System.Text.Json;
using TokenBroker.Core.Model;
using TokenBroker.Host.Tests.Iam;
using static TokenBroker.Host.Tests.AccessAdvisor.AccessAdvisorDirectory;

namespace TokenBroker.Host.Tests.AccessAdvisor;

/// <summary>
/// The access advisor operations and their errors through a second client, @aws-sdk/client-iam (tests/js-client).
/// Named *Interop*, so test.sh runs these again with the broker on DynamoDB Local.
/// </summary>
public class AccessAdvisorJsSdkInteropTests(AccessAdvisorBrokerFixture broker) : IClassFixture<AccessAdvisorBrokerFixture>
{
    public static TheoryData<string, string, string, string, string> Errors => new()
    {
        { "GenerateServiceLastAccessedDetails", """{"Arn":"arn:aws:iam::111111111111:group/ghosts"}""", "auditor", "NoSuchEntityException", "404" },
        { "GenerateServiceLastAccessedDetails", """{"Arn":"arn:aws:iam::111111111111:policy/Ghost"}""", "auditor", "NoSuchEntityException", "404" },
        { "GenerateServiceLastAccessedDetails", """{"Arn":"arn:aws:iam::111111111111:root-account"}""", "auditor", "InvalidInputException", "400" },
        { "GenerateServiceLastAccessedDetails", """{"Arn":"arn:aws:sts::111111111111:assumed-role/runner/x"}""", "auditor", "InvalidInputException", "400" },
        { "GenerateServiceLastAccessedDetails", """{"Arn":"arn:aws:iam::111111111111:user/staff/worker","Granularity":"RESOURCE_LEVEL"}""", "auditor", "ValidationError", "400" },
        { "GenerateServiceLastAccessedDetails", """{"Arn":"short"}""", "auditor", "ValidationError", "400" },
        { "GenerateServiceLastAccessedDetails", """{"Arn":"arn:aws:iam::111111111111:user/staff/worker"}""", "limited", "AccessDenied", "403" },
        { "GenerateServiceLastAccessedDetails", """{"Arn":"arn:aws:iam::111111111111:user/ghost"}""", "limited", "AccessDenied", "403" },
        { "GenerateServiceLastAccessedDetails", """{"Arn":"arn:aws:iam::222222222222:user/other"}""", "auditor", "AccessDenied", "403" },
        { "GenerateServiceLastAccessedDetails", """{"Arn":"arn:aws:iam::111111111111:user/staff/worker"}""", "worker", "AccessDenied", "403" },
        { "GetServiceLastAccessedDetails", """{"JobId":"00000000-0000-0000-0000-000000000000"}""", "auditor", "InvalidInputException", "400" },
        { "GetServiceLastAccessedDetails", """{"JobId":"0000"}""", "auditor", "ValidationError", "400" },
        { "GetServiceLastAccessedDetails", """{"JobId":"00000000-0000-0000-0000-000000000000","MaxItems":0}""", "auditor", "ValidationError", "400" },
        { "GetServiceLastAccessedDetails", """{"JobId":"00000000-0000-0000-0000-000000000000"}""", "worker", "AccessDenied", "403" },
        { "GetServiceLastAccessedDetailsWithEntities", """{"JobId":"00000000-0000-0000-0000-000000000000","ServiceNamespace":"sts"}""", "auditor", "InvalidInputException", "400" },
        { "GetServiceLastAccessedDetailsWithEntities", """{"JobId":"00000000-0000-0000-0000-000000000000","ServiceNamespace":"s 3"}""", "auditor", "ValidationError", "400" },
        { "GetServiceLastAccessedDetailsWithEntities", """{"JobId":"00000000-0000-0000-0000-000000000000","ServiceNamespace":"sts"}""", "worker", "AccessDenied", "403" },
    };

    private async Task<JsonDocument> RunAsync(string operation, string input, string caller = "auditor")
    {
        broker.SyncClock();
        return await JsIamClient.RunAsync(broker.Endpoint, operation, input, AccessAdvisorBrokerFixture.Credentials(Key(caller)));
    }

    private async Task<string> GenerateAsync(string input)
    {
        using var generated = await RunAsync("GenerateServiceLastAccessedDetails", input);
        Assert.False(generated.RootElement.TryGetProperty("error", out var error), error.ToString());
        return generated.RootElement.GetProperty("JobId").GetString()!;
    }

    [Fact]
    public async Task JsSdk_GroupReport_GetAndWithEntitiesParsed()
    {
        await broker.AuthorizeAsync("GET", "/orders", Worker.AccessKeyId.Value, Worker.SecretAccessKey);
        var jobId = await GenerateAsync("""{"Arn":"arn:aws:iam::111111111111:group/team"}""");

        using var report = await RunAsync("GetServiceLastAccessedDetails", $$"""{"JobId":"{{jobId}}"}""");
        using var entities = await RunAsync("GetServiceLastAccessedDetailsWithEntities", $$"""{"JobId":"{{jobId}}","ServiceNamespace":"orders"}""");

        var root = report.RootElement;
        Assert.Equal(36, jobId.Length);
        Assert.Equal(("COMPLETED", "SERVICE_LEVEL", "false"), (JsIamClient.Read(root, "JobStatus"), JsIamClient.Read(root, "JobType"), JsIamClient.Read(root, "IsTruncated")));
        Assert.True(DateTimeOffset.Parse(JsIamClient.Read(root, "JobCreationDate")!, System.Globalization.CultureInfo.InvariantCulture) > DateTimeOffset.UtcNow.AddMinutes(-5));
        Assert.NotNull(JsIamClient.Read(root, "JobCompletionDate"));
        Assert.Equal(("orders", "orders", "1"), (JsIamClient.Read(root, "ServicesLastAccessed.0.ServiceNamespace"),
            JsIamClient.Read(root, "ServicesLastAccessed.0.ServiceName"), JsIamClient.Read(root, "ServicesLastAccessed.0.TotalAuthenticatedEntities")));
        Assert.Equal(A + ":user/staff/worker", JsIamClient.Read(root, "ServicesLastAccessed.0.LastAuthenticatedEntity"));
        Assert.Equal("us-east-1", JsIamClient.Read(root, "ServicesLastAccessed.0.LastAuthenticatedRegion"));
        var list = entities.RootElement;
        Assert.Equal(("2", "COMPLETED"), (JsIamClient.Read(list, "EntityDetailsList.#"), JsIamClient.Read(list, "JobStatus")));
        Assert.Equal(("worker", "USER", "AIDAADVWORKER0000001", "/staff/"), (JsIamClient.Read(list, "EntityDetailsList.0.EntityInfo.Name"),
            JsIamClient.Read(list, "EntityDetailsList.0.EntityInfo.Type"), JsIamClient.Read(list, "EntityDetailsList.0.EntityInfo.Id"),
            JsIamClient.Read(list, "EntityDetailsList.0.EntityInfo.Path")));
        Assert.NotNull(JsIamClient.Read(list, "EntityDetailsList.0.LastAuthenticated"));
        Assert.Null(JsIamClient.Read(list, "EntityDetailsList.1.LastAuthenticated"));
    }

    [Fact]
    public async Task JsSdk_ActionLevelReportPagedByMarker_EveryServiceOnceWithTrackedActions()
    {
        var jobId = await GenerateAsync("""{"Arn":"arn:aws:iam::111111111111:user/staff/worker","Granularity":"ACTION_LEVEL"}""");

        var seen = new List<string?>();
        string? marker = null;
        do
        {
            using var page = await RunAsync("GetServiceLastAccessedDetails",
                marker is null ? $$"""{"JobId":"{{jobId}}","MaxItems":2}""" : $$"""{"JobId":"{{jobId}}","MaxItems":2,"Marker":"{{marker}}"}""");
            var root = page.RootElement;
            Assert.Equal("ACTION_LEVEL", JsIamClient.Read(root, "JobType"));
            foreach (var service in root.GetProperty("ServicesLastAccessed").EnumerateArray())
            {
                seen.Add(JsIamClient.Read(service, "ServiceNamespace"));
                Assert.True(service.GetProperty("TrackedActionsLastAccessed").GetArrayLength() > 0);
            }

            marker = JsIamClient.Read(root, "IsTruncated") == "true" ? JsIamClient.Read(root, "Marker") : null;
        }
        while (marker is not null);

        Assert.Equal(["orders", "s3", "sts"], seen);
    }

    [Fact]
    public async Task JsSdk_MarkerOfAnotherJob_InvalidInput()
    {
        var first = await GenerateAsync("""{"Arn":"arn:aws:iam::111111111111:user/staff/worker"}""");
        var second = await GenerateAsync("""{"Arn":"arn:aws:iam::111111111111:user/staff/worker"}""");
        using var page = await RunAsync("GetServiceLastAccessedDetails", $$"""{"JobId":"{{first}}","MaxItems":1}""");

        using var replayed = await RunAsync("GetServiceLastAccessedDetails",
            $$"""{"JobId":"{{second}}","MaxItems":1,"Marker":"{{JsIamClient.Read(page.RootElement, "Marker")}}"}""");

        Assert.Equal("InvalidInputException", JsIamClient.Read(replayed.RootElement, "error.name"));
    }

    [Fact]
    public async Task JsSdk_AccessDenied_NamesCallerActionAndResourceAsIam()
    {
        using var json = await RunAsync("GenerateServiceLastAccessedDetails", """{"Arn":"arn:aws:iam::111111111111:role/runner"}""", "limited");

        Assert.Equal(
            "User: arn:aws:iam::111111111111:user/limited is not authorized to perform: iam:GenerateServiceLastAccessedDetails on resource: arn:aws:iam::111111111111:role/runner because no identity-based policy allows the iam:GenerateServiceLastAccessedDetails action",
            JsIamClient.Read(json.RootElement, "error.message"));
    }

    [Theory]
    [MemberData(nameof(Errors))]
    public async Task JsSdk_BadRequest_GetsIamErrorAndStatus(string operation, string input, string caller, string errorName, string status)
    {
        using var json = await RunAsync(operation, input, caller);

        var error = json.RootElement.GetProperty("error");
        Assert.Equal(errorName, error.GetProperty("name").GetString());
        Assert.Equal(status, error.GetProperty("status").GetRawText());
        Assert.Equal("client", error.GetProperty("fault").GetString());
    }

    private static AccessKey Key(string caller) => caller switch
    {
        "auditor" => Auditor,
        "limited" => Limited,
        "worker" => Worker,
        _ => throw new ArgumentOutOfRangeException(nameof(caller)),
    };
}
