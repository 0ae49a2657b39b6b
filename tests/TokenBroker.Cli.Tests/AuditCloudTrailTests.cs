using System.Text.Json;
using TokenBroker.Core.Audit;

namespace TokenBroker.Cli.Tests;

/// <summary><c>tokenbroker audit --format cloudtrail</c>: the records in CloudTrail's event shape, with no secret in them.</summary>
public sealed class AuditCloudTrailTests : IDisposable
{
    private static readonly string[] EventKeys =
    [
        "eventVersion", "userIdentity", "eventTime", "eventSource", "eventName", "awsRegion", "sourceIPAddress", "userAgent",
        "requestParameters", "responseElements", "requestID", "eventID", "readOnly", "eventType", "recipientAccountId",
    ];

    private readonly CliFixture _cli = new();

    public AuditCloudTrailTests() => Assert.Equal(0, _cli.Init().ExitCode);

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Audit_FormatCloudTrail_IssuedRecordInCloudTrailShape()
    {
        await AppendAsync(new AuditRecord(
            CliFixture.Now, "req-1", "AssumeRole", AuditOutcome.Success, null,
            "arn:aws:sts::111111111111:assumed-role/ops/alice", "ASIACALLER", "192.0.2.1", "aws-cli/2",
            "arn:aws:iam::222222222222:role/deploy", "deploy-1", "alice@example.com", "ASIAISSUED", CliFixture.Now.AddHours(1), 7));

        var result = _cli.Run("audit", "--format", "cloudtrail", "--region", "eu-west-1");

        Assert.Equal(0, result.ExitCode);
        var line = Assert.Single(result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(
            """{"eventVersion":"1.08","userIdentity":{"type":"AssumedRole","principalId":null,"arn":"arn:aws:sts::111111111111:assumed-role/ops/alice","accountId":"111111111111","accessKeyId":"ASIACALLER","sessionContext":{"sessionIssuer":{"type":"Role","arn":"arn:aws:iam::111111111111:role/ops","accountId":"111111111111"}}},"eventTime":"2026-03-04T05:06:07Z","eventSource":"sts.amazonaws.com","eventName":"AssumeRole","awsRegion":"eu-west-1","sourceIPAddress":"192.0.2.1","userAgent":"aws-cli/2","requestParameters":{"roleArn":"arn:aws:iam::222222222222:role/deploy","roleSessionName":"deploy-1","sourceIdentity":"alice@example.com"},"responseElements":{"credentials":{"accessKeyId":"ASIAISSUED","expiration":"Mar 4, 2026, 6:06:07 AM"},"packedPolicySize":7},"requestID":"req-1","eventID":"""
            + "\"" + CloudTrailEvents.EventId(Record()) + "\"" + ""","readOnly":false,"eventType":"AwsApiCall","recipientAccountId":"222222222222"}""",
            line);
    }

    [Fact]
    public async Task Audit_FormatCloudTrail_RefusalCarriesErrorCodeAndNoResponse()
    {
        await AppendAsync(new AuditRecord(
            CliFixture.Now, "req-2", "GetSessionToken", AuditOutcome.Failure, "AccessDenied",
            "arn:aws:iam::111111111111:user/alice", "AKIAEXAMPLE", "192.0.2.1", null, null, null, null, null, null, null));

        var result = _cli.Run("audit", "--format", "cloudtrail");

        Assert.Equal(0, result.ExitCode);
        var root = JsonDocument.Parse(result.Output).RootElement;
        Assert.Equal([.. EventKeys.Take(10), "errorCode", "errorMessage", .. EventKeys.Skip(10)], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("IAMUser", root.GetProperty("userIdentity").GetProperty("type").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("responseElements").ValueKind);
        Assert.Equal("AccessDenied", root.GetProperty("errorCode").GetString());
        Assert.Equal("111111111111", root.GetProperty("recipientAccountId").GetString());
    }

    [Fact]
    public void Audit_UnknownFormat_RefusedWithExitCode()
    {
        var result = _cli.Run("audit", "--format", "xml");

        Assert.NotEqual(0, result.ExitCode);
    }

    [Fact]
    public void EventId_SameRecordTwice_SameId()
    {
        Assert.Equal(CloudTrailEvents.EventId(Record()), CloudTrailEvents.EventId(Record()));
        Assert.NotEqual(CloudTrailEvents.EventId(Record()), CloudTrailEvents.EventId(Record() with { RequestId = "req-other" }));
    }

    private static AuditRecord Record() => new(
        CliFixture.Now, "req-1", "AssumeRole", AuditOutcome.Success, null,
        "arn:aws:sts::111111111111:assumed-role/ops/alice", "ASIACALLER", "192.0.2.1", "aws-cli/2",
        "arn:aws:iam::222222222222:role/deploy", "deploy-1", "alice@example.com", "ASIAISSUED", CliFixture.Now.AddHours(1), 7);

    private Task AppendAsync(AuditRecord record) => _cli.WithStoreAsync(async store =>
    {
        await store.AuditLog.AppendAsync(record, CancellationToken.None);
        return 0;
    });
}
