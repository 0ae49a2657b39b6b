using System.Text.Json;

namespace TokenBroker.Host.Tests.SelfService;

/// <summary>
/// The credential report with boto3, read by Python's csv module column by column. Named *Interop*, so test.sh runs
/// these again with the broker on DynamoDB Local.
/// </summary>
public class CredentialReportInteropTests(SelfServiceBrokerFixture broker) : IClassFixture<SelfServiceBrokerFixture>
{
    [Fact]
    public async Task Boto3_GenerateThenGet_TwentyTwoColumnsRootRowAndKeyLastUse()
    {
        const string script = """
            import sys, csv, io, json, boto3, botocore
            iam = boto3.client("iam", endpoint_url=sys.argv[1], region_name="us-east-1")
            out = {}
            try:
                iam.get_credential_report()
            except botocore.exceptions.ClientError as e:
                out["before"] = "%s %s" % (e.response["Error"]["Code"], e.response["ResponseMetadata"]["HTTPStatusCode"])
            boto3.client("sts", endpoint_url=sys.argv[1], region_name="us-east-1").get_caller_identity()
            out["first"] = iam.generate_credential_report()["State"]
            out["second"] = iam.generate_credential_report()["State"]
            report = iam.get_credential_report()
            out["format"] = report["ReportFormat"]
            out["generated"] = report["GeneratedTime"].isoformat()
            reader = csv.DictReader(io.StringIO(report["Content"].decode("utf-8")))
            out["columns"] = reader.fieldnames
            out["rows"] = {row["user"]: row for row in reader}
            print(json.dumps(out))
            """;

        var (exit, stdout, stderr) = await broker.Boto3Async(SelfServiceBrokerFixture.Reporter, script);

        Assert.True(exit == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        var result = json.RootElement;
        Assert.Equal("ReportNotPresent 410", result.GetProperty("before").GetString());
        Assert.Equal(("STARTED", "COMPLETE"), (result.GetProperty("first").GetString(), result.GetProperty("second").GetString()));
        Assert.Equal("text/csv", result.GetProperty("format").GetString());
        Assert.Equal(
            ["user", "arn", "user_creation_time", "password_enabled", "password_last_used", "password_last_changed", "password_next_rotation",
             "mfa_active", "access_key_1_active", "access_key_1_last_rotated", "access_key_1_last_used_date", "access_key_1_last_used_region",
             "access_key_1_last_used_service", "access_key_2_active", "access_key_2_last_rotated", "access_key_2_last_used_date",
             "access_key_2_last_used_region", "access_key_2_last_used_service", "cert_1_active", "cert_1_last_rotated", "cert_2_active",
             "cert_2_last_rotated"],
            result.GetProperty("columns").EnumerateArray().Select(c => c.GetString()));
        var rows = result.GetProperty("rows");
        Assert.Equal("arn:aws:iam::111111111111:root", rows.GetProperty("<root_account>").GetProperty("arn").GetString());
        Assert.Equal("not_supported", rows.GetProperty("<root_account>").GetProperty("password_enabled").GetString());

        // The reporter signed STS and IAM calls with its key just before: the report shows that key's last use.
        var reporter = rows.GetProperty("reporter");
        Assert.Equal("arn:aws:iam::111111111111:user/reporter", reporter.GetProperty("arn").GetString());
        Assert.Equal(("false", "N/A", "false"), (reporter.GetProperty("password_enabled").GetString(),
            reporter.GetProperty("password_last_used").GetString(), reporter.GetProperty("mfa_active").GetString()));
        Assert.Equal("true", reporter.GetProperty("access_key_1_active").GetString());
        Assert.EndsWith("+00:00", reporter.GetProperty("access_key_1_last_rotated").GetString(), StringComparison.Ordinal);
        Assert.True(DateTimeOffset.TryParse(reporter.GetProperty("access_key_1_last_used_date").GetString(), out _));
        Assert.Equal("us-east-1", reporter.GetProperty("access_key_1_last_used_region").GetString());
        Assert.Contains(reporter.GetProperty("access_key_1_last_used_service").GetString(), new[] { "sts", "iam" });
        Assert.Equal(("false", "N/A"), (reporter.GetProperty("access_key_2_active").GetString(), reporter.GetProperty("access_key_2_last_rotated").GetString()));
        Assert.Equal(("false", "N/A", "false", "N/A"), (reporter.GetProperty("cert_1_active").GetString(), reporter.GetProperty("cert_1_last_rotated").GetString(),
            reporter.GetProperty("cert_2_active").GetString(), reporter.GetProperty("cert_2_last_rotated").GetString()));

        // crowded has two keys, the second inactive; bystanders that never signed have no last use.
        var crowded = rows.GetProperty("crowded");
        Assert.Equal(("true", "false"), (crowded.GetProperty("access_key_1_active").GetString(), crowded.GetProperty("access_key_2_active").GetString()));
        Assert.Equal("N/A", crowded.GetProperty("access_key_2_last_used_date").GetString());
    }

    [Fact]
    public async Task AwsCli_GenerateCredentialReportWithoutPermission_AccessDenied()
    {
        var (exit, _, stderr) = await broker.AwsAsync(SelfServiceBrokerFixture.Prober, "iam", "generate-credential-report");

        Assert.NotEqual(0, exit);
        Assert.Contains("AccessDenied", stderr, StringComparison.Ordinal);
        Assert.Contains("iam:GenerateCredentialReport", stderr, StringComparison.Ordinal);
    }
}
