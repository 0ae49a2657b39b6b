using System.Text.Json;
using static TokenBroker.Host.Tests.AccessAdvisor.AccessAdvisorDirectory;

namespace TokenBroker.Host.Tests.AccessAdvisor;

/// <summary>
/// Access advisor with the stock aws CLI (v1) and boto3 after real authorized STS calls (a user, and a role session it
/// assumed) and data-plane /authorize decisions (allowed and denied). Named *Interop*, so test.sh runs these again with
/// the broker on DynamoDB Local.
/// </summary>
public class AccessAdvisorInteropTests(AccessAdvisorBrokerFixture broker) : IClassFixture<AccessAdvisorBrokerFixture>
{
    private const string WorkerArn = A + ":user/staff/worker";
    private const string RunnerArn = A + ":role/runner";

    // Runs every report the test reads through boto3 as the auditor: generate, poll until done, then the entity lists.
    private const string AuditScript = """
        import sys, json, time, boto3
        iam = boto3.client("iam", endpoint_url=sys.argv[1], region_name="us-east-1")
        def run(arn, granularity, entities=None):
            job = iam.generate_service_last_accessed_details(Arn=arn, Granularity=granularity)["JobId"]
            while True:
                r = iam.get_service_last_accessed_details(JobId=job)
                if r["JobStatus"] != "IN_PROGRESS":
                    break
                time.sleep(1)
            r.pop("ResponseMetadata")
            r["JobIdLength"] = len(job)
            if entities:
                e = iam.get_service_last_accessed_details_with_entities(JobId=job, ServiceNamespace=entities)
                r["Entities"] = e["EntityDetailsList"]
                r["EntitiesStatus"] = e["JobStatus"]
            return r
        out = {
            "worker": run("arn:aws:iam::111111111111:user/staff/worker", "ACTION_LEVEL"),
            "team": run("arn:aws:iam::111111111111:group/team", "SERVICE_LEVEL", "orders"),
            "policy": run("arn:aws:iam::111111111111:policy/TeamOrders", "SERVICE_LEVEL", "orders"),
            "runner": run("arn:aws:iam::111111111111:role/runner", "SERVICE_LEVEL"),
        }
        print(json.dumps(out, default=lambda o: o.isoformat()))
        """;

    private static JsonElement Service(JsonElement report, string serviceNamespace) =>
        Assert.Single(report.GetProperty("ServicesLastAccessed").EnumerateArray(), s => s.GetProperty("ServiceNamespace").GetString() == serviceNamespace);

    private static string? Text(JsonElement element, string name) => element.TryGetProperty(name, out var value) ? value.ToString() : null;

    // The worker calls STS and assumes runner, whose session calls STS; both send data-plane requests.
    private async Task<JsonElement> UseAsync()
    {
        const string script = """
            import sys, json, boto3
            sts = boto3.client("sts", endpoint_url=sys.argv[1], region_name="us-east-1")
            sts.get_caller_identity()
            c = sts.assume_role(RoleArn="arn:aws:iam::111111111111:role/runner", RoleSessionName="nightly")["Credentials"]
            boto3.client("sts", endpoint_url=sys.argv[1], region_name="us-east-1", aws_access_key_id=c["AccessKeyId"],
                aws_secret_access_key=c["SecretAccessKey"], aws_session_token=c["SessionToken"]).get_caller_identity()
            print(json.dumps({k: c[k] for k in ("AccessKeyId", "SecretAccessKey", "SessionToken")}))
            """;
        var session = AccessAdvisorBrokerFixture.Json(await broker.Boto3Async(Worker, script));
        Assert.Equal("Allow", await broker.AuthorizeAsync("GET", "/orders/1", Worker.AccessKeyId.Value, Worker.SecretAccessKey));
        Assert.Equal("Deny", await broker.AuthorizeAsync("POST", "/orders", Worker.AccessKeyId.Value, Worker.SecretAccessKey));
        Assert.Equal("Allow", await broker.AuthorizeAsync("GET", "/orders", session.GetProperty("AccessKeyId").GetString()!,
            session.GetProperty("SecretAccessKey").GetString()!, session.GetProperty("SessionToken").GetString()));
        return AccessAdvisorBrokerFixture.Json(await broker.Boto3Async(Auditor, AuditScript));
    }

    [Fact]
    public async Task Boto3_AfterStsCallsAndDataPlaneDecisions_ReportsEveryEntityKindAsAws()
    {
        var reports = await UseAsync();

        // The user, ACTION_LEVEL: every namespace its policies (own and group's) allow, sorted; s3 was never attempted.
        var worker = reports.GetProperty("worker");
        Assert.Equal(("COMPLETED", "ACTION_LEVEL", "36"), (Text(worker, "JobStatus"), Text(worker, "JobType"), Text(worker, "JobIdLength")));
        Assert.True(worker.GetProperty("JobCompletionDate").GetDateTimeOffset() >= worker.GetProperty("JobCreationDate").GetDateTimeOffset());
        Assert.Equal(["orders", "s3", "sts"], worker.GetProperty("ServicesLastAccessed").EnumerateArray().Select(s => s.GetProperty("ServiceNamespace").GetString()));
        var sts = Service(worker, "sts");
        Assert.Equal(("AWS Security Token Service", WorkerArn, "us-east-1", "1"), (Text(sts, "ServiceName"), Text(sts, "LastAuthenticatedEntity"),
            Text(sts, "LastAuthenticatedRegion"), Text(sts, "TotalAuthenticatedEntities")));
        Assert.True(sts.GetProperty("LastAuthenticated").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-5));
        var stsActions = sts.GetProperty("TrackedActionsLastAccessed").EnumerateArray().ToList();
        Assert.Equal(["AssumeRole", "GetCallerIdentity"], stsActions.Select(a => Text(a, "ActionName")));
        Assert.All(stsActions, a => Assert.Equal(WorkerArn, Text(a, "LastAccessedEntity")));
        var orders = Service(worker, "orders").GetProperty("TrackedActionsLastAccessed").EnumerateArray().ToList();

        // CreateOrder was denied yet counts (access advisor counts attempts); ListOrders is allowed by the group's policy, never used.
        Assert.Equal(["CreateOrder", "GetOrder", "ListOrders"], orders.Select(a => Text(a, "ActionName")));
        Assert.NotNull(Text(orders[0], "LastAccessedTime"));
        Assert.Null(Text(orders[2], "LastAccessedTime"));
        var s3 = Service(worker, "s3");
        Assert.Equal(("0", null, null), (Text(s3, "TotalAuthenticatedEntities"), Text(s3, "LastAuthenticated"), Text(s3, "LastAuthenticatedEntity")));

        // The group: its policy allows orders only; the member that attempted it is the last entity, idle counts none.
        var team = reports.GetProperty("team");
        var teamOrders = Assert.Single(team.GetProperty("ServicesLastAccessed").EnumerateArray());
        Assert.Equal(("orders", WorkerArn, "1"), (Text(teamOrders, "ServiceNamespace"), Text(teamOrders, "LastAuthenticatedEntity"), Text(teamOrders, "TotalAuthenticatedEntities")));
        Assert.False(team.TryGetProperty("JobType", out var teamType) && teamType.GetString() == "ACTION_LEVEL");
        Assert.False(teamOrders.TryGetProperty("TrackedActionsLastAccessed", out _));
        var teamEntities = team.GetProperty("Entities").EnumerateArray().ToList();
        Assert.Equal([WorkerArn, A + ":user/idle"], teamEntities.Select(e => e.GetProperty("EntityInfo").GetProperty("Arn").GetString()));
        Assert.Equal(("worker", "USER", "AIDAADVWORKER0000001", "/staff/"), (Text(teamEntities[0].GetProperty("EntityInfo"), "Name"),
            Text(teamEntities[0].GetProperty("EntityInfo"), "Type"), Text(teamEntities[0].GetProperty("EntityInfo"), "Id"), Text(teamEntities[0].GetProperty("EntityInfo"), "Path")));
        Assert.NotNull(Text(teamEntities[0], "LastAuthenticated"));
        Assert.Null(Text(teamEntities[1], "LastAuthenticated"));

        // The policy: used by the role (its session's ListOrders came last) and the group's members.
        var policy = reports.GetProperty("policy");
        var policyOrders = Assert.Single(policy.GetProperty("ServicesLastAccessed").EnumerateArray());
        Assert.Equal((RunnerArn, "2"), (Text(policyOrders, "LastAuthenticatedEntity"), Text(policyOrders, "TotalAuthenticatedEntities")));
        Assert.Equal([RunnerArn, WorkerArn, A + ":user/idle"],
            policy.GetProperty("Entities").EnumerateArray().Select(e => e.GetProperty("EntityInfo").GetProperty("Arn").GetString()));
        Assert.Equal("ROLE", policy.GetProperty("Entities")[0].GetProperty("EntityInfo").GetProperty("Type").GetString());

        // The role: its session's STS call is the role's.
        var runner = reports.GetProperty("runner");
        Assert.Equal(["orders", "sts"], runner.GetProperty("ServicesLastAccessed").EnumerateArray().Select(s => s.GetProperty("ServiceNamespace").GetString()));
        Assert.Equal(RunnerArn, Text(Service(runner, "sts"), "LastAuthenticatedEntity"));
        Assert.Equal(RunnerArn, Text(Service(runner, "orders"), "LastAuthenticatedEntity"));
    }

    [Fact]
    public async Task AwsCli_GenerateThenGet_ServiceLevelReportOfTheUser()
    {
        Assert.Equal("Allow", await broker.AuthorizeAsync("GET", "/orders/9", Worker.AccessKeyId.Value, Worker.SecretAccessKey));

        var generated = AccessAdvisorBrokerFixture.Json(await broker.AwsAsync(Auditor, "iam", "generate-service-last-accessed-details", "--arn", WorkerArn));
        var jobId = generated.GetProperty("JobId").GetString()!;
        var report = AccessAdvisorBrokerFixture.Json(await broker.AwsAsync(Auditor, "iam", "get-service-last-accessed-details", "--job-id", jobId));

        Assert.Equal(36, jobId.Length);
        Assert.Equal(("COMPLETED", "SERVICE_LEVEL"), (Text(report, "JobStatus"), Text(report, "JobType")));
        var orders = Service(report, "orders");
        Assert.Equal((WorkerArn, "1"), (Text(orders, "LastAuthenticatedEntity"), Text(orders, "TotalAuthenticatedEntities")));
        Assert.False(orders.TryGetProperty("TrackedActionsLastAccessed", out _));
    }

    [Fact]
    public async Task AwsCli_MaxItemsOne_CliFollowsMarkerToEveryService()
    {
        var jobId = AccessAdvisorBrokerFixture.Json(await broker.AwsAsync(Auditor, "iam", "generate-service-last-accessed-details", "--arn", WorkerArn))
            .GetProperty("JobId").GetString()!;

        var first = AccessAdvisorBrokerFixture.Json(await broker.AwsAsync(Auditor, "iam", "get-service-last-accessed-details", "--job-id", jobId, "--max-items", "1"));
        var second = AccessAdvisorBrokerFixture.Json(await broker.AwsAsync(Auditor, "iam", "get-service-last-accessed-details", "--job-id", jobId,
            "--max-items", "1", "--marker", first.GetProperty("Marker").GetString()!));

        Assert.True(first.GetProperty("IsTruncated").GetBoolean());
        Assert.Equal("orders", Assert.Single(first.GetProperty("ServicesLastAccessed").EnumerateArray()).GetProperty("ServiceNamespace").GetString());
        Assert.Equal("s3", Assert.Single(second.GetProperty("ServicesLastAccessed").EnumerateArray()).GetProperty("ServiceNamespace").GetString());
    }

    [Theory]
    [InlineData("arn:aws:iam::111111111111:user/nobody", "NoSuchEntity", "The user with name nobody cannot be found.")]
    [InlineData("arn:aws:iam::111111111111:role/nothing", "NoSuchEntity", "The role with name nothing cannot be found.")]
    [InlineData("arn:aws:iam::111111111111:user/worker", "NoSuchEntity", "The user with name worker cannot be found.")]
    [InlineData("arn:aws:iam::111111111111:policy/Missing", "NoSuchEntity", "Policy arn:aws:iam::111111111111:policy/Missing was not found.")]
    [InlineData("arn:aws:s3:::some-bucket-name", "InvalidInput", "ARN arn:aws:s3:::some-bucket-name is not valid.")]
    [InlineData("arn:aws:iam::111111111111:mfa/worker", "InvalidInput", "is not valid.")]
    public async Task AwsCli_GenerateForArnNamingNoEntity_AwsError(string arn, string code, string message)
    {
        var (exit, _, stderr) = await broker.AwsAsync(Auditor, "iam", "generate-service-last-accessed-details", "--arn", arn);

        Assert.NotEqual(0, exit);
        Assert.Contains($"({code})", stderr, StringComparison.Ordinal);
        Assert.Contains(message, stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(WorkerArn)]
    [InlineData("arn:aws:iam::111111111111:user/nobody")]
    public async Task AwsCli_GenerateOnAnotherUserWithoutPermission_AccessDeniedBeforeNoSuchEntity(string arn)
    {
        var (exit, _, stderr) = await broker.AwsAsync(Limited, "iam", "generate-service-last-accessed-details", "--arn", arn);

        Assert.NotEqual(0, exit);
        Assert.Contains("(AccessDenied)", stderr, StringComparison.Ordinal);
        Assert.Contains($"iam:GenerateServiceLastAccessedDetails on resource: {arn}", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AwsCli_JobOfAnotherCaller_InvalidInputAsAnUnknownJob()
    {
        var jobId = AccessAdvisorBrokerFixture.Json(await broker.AwsAsync(Auditor, "iam", "generate-service-last-accessed-details", "--arn", WorkerArn))
            .GetProperty("JobId").GetString()!;

        var (exit, _, stderr) = await broker.AwsAsync(Limited, "iam", "get-service-last-accessed-details", "--job-id", jobId);
        var (unknownExit, _, unknownStderr) = await broker.AwsAsync(Auditor, "iam", "get-service-last-accessed-details", "--job-id", "00000000-0000-0000-0000-000000000000");

        Assert.NotEqual(0, exit);
        Assert.Contains($"(InvalidInput) when calling the GetServiceLastAccessedDetails operation: JobId {jobId} is not valid.", stderr, StringComparison.Ordinal);
        Assert.NotEqual(0, unknownExit);
        Assert.Contains("(InvalidInput)", unknownStderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Boto3_JobGeneratedOnOneInstance_ReadOnAnother()
    {
        var second = await broker.StartInstanceAsync();
        try
        {
            var jobId = AccessAdvisorBrokerFixture.Json(await broker.AwsAsync(Auditor, "iam", "generate-service-last-accessed-details", "--arn", RunnerArn))
                .GetProperty("JobId").GetString()!;
            const string script = """
                import sys, json, boto3
                iam = boto3.client("iam", endpoint_url=sys.argv[1], region_name="us-east-1")
                r = iam.get_service_last_accessed_details(JobId=sys.argv[2])
                print(json.dumps({"status": r["JobStatus"], "services": [s["ServiceNamespace"] for s in r["ServicesLastAccessed"]]}))
                """;

            var read = AccessAdvisorBrokerFixture.Json(await broker.Boto3Async(Auditor, script.Replace("sys.argv[2]", $"\"{jobId}\"", StringComparison.Ordinal),
                AccessAdvisorBrokerFixture.AddressOf(second)));

            Assert.Equal("COMPLETED", read.GetProperty("status").GetString());
            Assert.Equal(["orders", "sts"], read.GetProperty("services").EnumerateArray().Select(s => s.GetString()));
        }
        finally
        {
            await second.StopAsync();
            await second.DisposeAsync();
        }
    }
}
