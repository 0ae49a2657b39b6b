using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using TokenBroker.Core.Audit;
using TokenBroker.Core.Ports;

namespace TokenBroker.Host.Tests.SelfService;

/// <summary>
/// IAM calls in the audit log (docs/iam.md, "Audit"), driven by boto3: every write leaves exactly one record, a refused
/// call one, a successful read none, and no record (stored, or exported by <c>tokenbroker audit --format cloudtrail</c>)
/// holds a secret key, MFA seed, QR code or authentication code. Named *Interop*, so test.sh runs these again with the
/// broker on DynamoDB Local.
/// </summary>
public class IamAuditInteropTests(SelfServiceBrokerFixture broker) : IClassFixture<SelfServiceBrokerFixture>
{
    private const string Prelude = """
        import sys, json, time, hmac, hashlib, struct, base64, boto3, botocore, botocore.config
        def code(seed, step):
            h = hmac.new(seed, struct.pack(">Q", step), hashlib.sha1).digest()
            o = h[-1] & 15
            return "%06d" % ((struct.unpack(">I", h[o:o + 4])[0] & 0x7fffffff) % 1000000)
        def client(key, secret):
            return boto3.client("iam", endpoint_url=sys.argv[1], region_name="us-east-1", aws_access_key_id=key, aws_secret_access_key=secret,
                                config=botocore.config.Config(retries={"total_max_attempts": 1}))
        def rid(response):
            return response["ResponseMetadata"]["RequestId"]
        def refused(call):
            try:
                call()
                return {"code": "none"}
            except botocore.exceptions.ClientError as e:
                return {"code": e.response["Error"]["Code"], "id": e.response["ResponseMetadata"]["RequestId"]}
        admin = client("AKIASELFADMIN0000001", "admin-secret-0000000000000000000000000000")
        prober = client("AKIASELFPROBER000001", "prober-secret-000000000000000000000000000")
        out = {}
        """;

    [Fact]
    public async Task Boto3_EveryWrite_ExactlyOneRecordWithoutSecrets()
    {
        const string script = Prelude + "\n" + """
            created = admin.create_access_key(UserName="prober")
            key = created["AccessKey"]
            out["create"], out["keyId"], out["secret"] = rid(created), key["AccessKeyId"], key["SecretAccessKey"]
            out["update"] = rid(admin.update_access_key(UserName="prober", AccessKeyId=key["AccessKeyId"], Status="Inactive"))
            out["delete"] = rid(admin.delete_access_key(UserName="prober", AccessKeyId=key["AccessKeyId"]))
            device = admin.create_virtual_mfa_device(VirtualMFADeviceName="audited")
            serial = device["VirtualMFADevice"]["SerialNumber"]
            seed_text = device["VirtualMFADevice"]["Base32StringSeed"].decode("ascii")
            seed = base64.b32decode(seed_text + "=" * (-len(seed_text) % 8))
            out["createMfa"], out["seed"] = rid(device), seed_text
            out["png"] = base64.b64encode(device["VirtualMFADevice"]["QRCodePNG"]).decode("ascii")
            step = int(time.time()) // 30
            out["codes"] = [code(seed, s) for s in range(step - 4, step + 1)]
            out["enable"] = rid(admin.enable_mfa_device(UserName="prober", SerialNumber=serial,
                                                        AuthenticationCode1=code(seed, step - 4), AuthenticationCode2=code(seed, step - 3)))
            out["resync"] = rid(admin.resync_mfa_device(UserName="prober", SerialNumber=serial,
                                                        AuthenticationCode1=code(seed, step - 2), AuthenticationCode2=code(seed, step - 1)))
            out["deactivate"] = rid(admin.deactivate_mfa_device(UserName="prober", SerialNumber=serial))
            out["deleteMfa"] = rid(admin.delete_virtual_mfa_device(SerialNumber=serial))
            out["report"] = rid(admin.generate_credential_report())
            out["outbound"] = refused(lambda: admin.enable_outbound_web_identity_federation())["id"]
            print(json.dumps(out))
            """;

        var (exit, stdout, stderr) = await broker.Boto3Async(SelfServiceBrokerFixture.Admin, script);

        Assert.True(exit == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        var run = json.RootElement;
        string Of(string name) => run.GetProperty(name).GetString()!;
        var keyId = Of("keyId");
        var serial = "arn:aws:iam::111111111111:mfa/audited";
        var expected = new (string Id, string Action, string Parameters, string? Response)[]
        {
            (Of("create"), "CreateAccessKey", "userName=prober", $"accessKey.accessKeyId={keyId};accessKey.status=Active;accessKey.userName=prober"),
            (Of("update"), "UpdateAccessKey", $"accessKeyId={keyId};status=Inactive;userName=prober", null),
            (Of("delete"), "DeleteAccessKey", $"accessKeyId={keyId};userName=prober", null),
            (Of("createMfa"), "CreateVirtualMFADevice", "virtualMFADeviceName=audited", $"virtualMFADevice.serialNumber={serial}"),
            (Of("enable"), "EnableMFADevice", $"serialNumber={serial};userName=prober", null),
            (Of("resync"), "ResyncMFADevice", $"serialNumber={serial};userName=prober", null),
            (Of("deactivate"), "DeactivateMFADevice", $"serialNumber={serial};userName=prober", null),
            (Of("deleteMfa"), "DeleteVirtualMFADevice", $"serialNumber={serial}", null),
            (Of("report"), "GenerateCredentialReport", "", "state=STARTED"),
        };
        var records = await RecordsAsync();
        foreach (var (id, action, parameters, response) in expected)
        {
            var record = Assert.Single(records, r => r.RequestId == id);
            Assert.Equal(("iam:" + action, AuditOutcome.Success, "arn:aws:iam::111111111111:user/admin", "AKIASELFADMIN0000001"),
                (record.Action, record.Outcome, record.CallerArn, record.CallerAccessKeyId));
            Assert.Equal(parameters, Flat(record.RequestParameters));
            Assert.Equal(response, record.ResponseElements is null ? null : Flat(record.ResponseElements, without: "accessKey.createDate"));
        }

        // The refused write (this broker has no public URL, so no issuer) is recorded too, with its code.
        var outbound = Assert.Single(records, r => r.RequestId == Of("outbound"));
        Assert.Equal(("iam:EnableOutboundWebIdentityFederation", AuditOutcome.Failure, "ServiceFailure"), (outbound.Action, outbound.Outcome, outbound.ErrorCode));

        string[] secrets = [Of("secret"), Of("seed"), Of("png"), .. run.GetProperty("codes").EnumerateArray().Select(c => c.GetString()!)];
        var stored = string.Join('\n', records.Select(r => JsonSerializer.Serialize(r)));
        var exported = await CloudTrailAsync();
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(secret, stored, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, exported, StringComparison.Ordinal);
        }

        var createEvent = EventOf(exported, Of("create"));
        Assert.Equal(("iam.amazonaws.com", "CreateAccessKey", false), (createEvent.GetProperty("eventSource").GetString(),
            createEvent.GetProperty("eventName").GetString(), createEvent.GetProperty("readOnly").GetBoolean()));
        Assert.Equal("prober", createEvent.GetProperty("requestParameters").GetProperty("userName").GetString());
        var accessKey = createEvent.GetProperty("responseElements").GetProperty("accessKey");
        Assert.Equal((keyId, "Active"), (accessKey.GetProperty("accessKeyId").GetString(), accessKey.GetProperty("status").GetString()));
        Assert.False(accessKey.TryGetProperty("secretAccessKey", out _));
        var mfaEvent = EventOf(exported, Of("createMfa"));
        Assert.Equal(serial, mfaEvent.GetProperty("responseElements").GetProperty("virtualMFADevice").GetProperty("serialNumber").GetString());
        var enableEvent = EventOf(exported, Of("enable"));
        Assert.Equal(JsonValueKind.Null, enableEvent.GetProperty("responseElements").ValueKind);
        Assert.Equal(["serialNumber", "userName"], enableEvent.GetProperty("requestParameters").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Boto3_RefusedCalls_OneRecordEachAndSuccessfulReadsNone()
    {
        const string script = Prelude + "\n" + """
            out["deniedWrite"] = refused(lambda: prober.create_access_key(UserName="rotator"))
            out["deniedRead"] = refused(lambda: prober.get_user(UserName="rotator"))
            out["read"] = rid(prober.get_user())
            out["missing"] = refused(lambda: admin.get_user(UserName="ghost"))
            forged = client("AKIASELFADMIN0000001", "not-the-secret-000000000000000000000000000")
            out["forged"] = refused(lambda: forged.delete_access_key(UserName="admin", AccessKeyId="AKIASELFADMIN0000001"))
            out["invalid"] = refused(lambda: admin.update_access_key(UserName="prober", AccessKeyId="AKIASELFPROBER000001", Status="Paused"))
            print(json.dumps(out))
            """;

        var (exit, stdout, stderr) = await broker.Boto3Async(SelfServiceBrokerFixture.Admin, script);

        Assert.True(exit == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        var run = json.RootElement;
        string Id(string name) => run.GetProperty(name).GetProperty("id").GetString()!;
        var records = await RecordsAsync();

        var deniedWrite = Assert.Single(records, r => r.RequestId == Id("deniedWrite"));
        Assert.Equal(("iam:CreateAccessKey", AuditOutcome.Failure, "AccessDenied", "arn:aws:iam::111111111111:user/prober", "userName=rotator"),
            (deniedWrite.Action, deniedWrite.Outcome, deniedWrite.ErrorCode, deniedWrite.CallerArn, Flat(deniedWrite.RequestParameters)));
        var deniedRead = Assert.Single(records, r => r.RequestId == Id("deniedRead"));
        Assert.Equal(("iam:GetUser", "AccessDenied"), (deniedRead.Action, deniedRead.ErrorCode));
        var forged = Assert.Single(records, r => r.RequestId == Id("forged"));
        Assert.Equal(("iam:DeleteAccessKey", "SignatureDoesNotMatch", (string?)null), (forged.Action, forged.ErrorCode, forged.CallerArn));
        var invalid = Assert.Single(records, r => r.RequestId == Id("invalid"));
        Assert.Equal(("iam:UpdateAccessKey", "ValidationError"), (invalid.Action, invalid.ErrorCode));

        // A read that succeeded or failed on its input is not audited (usage records count it for access advisor).
        Assert.DoesNotContain(records, r => r.RequestId == run.GetProperty("read").GetString());
        Assert.Equal("NoSuchEntity", run.GetProperty("missing").GetProperty("code").GetString());
        Assert.DoesNotContain(records, r => r.RequestId == Id("missing"));

        var exported = await CloudTrailAsync();
        var readEvent = EventOf(exported, Id("deniedRead"));
        Assert.Equal(("iam.amazonaws.com", "GetUser", true, "AccessDenied"), (readEvent.GetProperty("eventSource").GetString(),
            readEvent.GetProperty("eventName").GetString(), readEvent.GetProperty("readOnly").GetBoolean(), readEvent.GetProperty("errorCode").GetString()));
        var writeEvent = EventOf(exported, Id("deniedWrite"));
        Assert.False(writeEvent.GetProperty("readOnly").GetBoolean());
        Assert.Equal("rotator", writeEvent.GetProperty("requestParameters").GetProperty("userName").GetString());
        Assert.DoesNotContain("not-the-secret", exported, StringComparison.Ordinal);
    }

    private async Task<IReadOnlyList<AuditRecord>> RecordsAsync()
    {
        var log = broker.Services.GetRequiredService<IAuditLog>();
        return (await log.QueryAsync(new AuditQuery(null, null, 10_000), CancellationToken.None)).Where(r => r.Action.StartsWith("iam:", StringComparison.Ordinal)).ToList();
    }

    private async Task<string> CloudTrailAsync()
    {
        var (exit, stdout, stderr) = await broker.CliAsync("audit", "--format", "cloudtrail", "--limit", "10000");
        Assert.True(exit == 0, stderr);
        return stdout;
    }

    private static JsonElement EventOf(string exported, string requestId)
    {
        var lines = exported.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonDocument.Parse(line).RootElement)
            .Where(e => e.GetProperty("requestID").GetString() == requestId)
            .ToList();
        return Assert.Single(lines);
    }

    private static string Flat(IReadOnlyDictionary<string, string>? members, string? without = null) =>
        string.Join(';', (members ?? new Dictionary<string, string>()).Where(m => m.Key != without)
            .OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => $"{m.Key}={m.Value}"));
}
