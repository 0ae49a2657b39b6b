using System.Text.Json;
using TokenBroker.Host.Tests.Interop;
using TokenBroker.Tests;

namespace TokenBroker.Host.Tests.SelfService;

/// <summary>
/// A virtual MFA device through its whole life with boto3, under AWS's "self-manage an MFA device" policy: the test
/// computes TOTP codes from the Base32 seed the broker returned, as an authenticator app would. Named *Interop*, so
/// test.sh runs these again with the broker on DynamoDB Local.
/// </summary>
public class SelfServiceMfaInteropTests(SelfServiceBrokerFixture broker) : IClassFixture<SelfServiceBrokerFixture>
{
    private const string Totp = """
        import sys, json, time, hmac, hashlib, struct, base64, boto3, botocore
        def code(seed, step):
            h = hmac.new(seed, struct.pack(">Q", step), hashlib.sha1).digest()
            o = h[-1] & 15
            return "%06d" % ((struct.unpack(">I", h[o:o + 4])[0] & 0x7fffffff) % 1000000)
        def error(call):
            try:
                call()
                return "ok"
            except botocore.exceptions.ClientError as e:
                return "%s %s %s" % (e.response["Error"]["Code"], e.response["ResponseMetadata"]["HTTPStatusCode"], e.response["Error"]["Message"])
        def client(service, **keys):
            return boto3.client(service, endpoint_url=sys.argv[1], region_name="us-east-1", **keys)
        admin = client("iam", aws_access_key_id="AKIASELFADMIN0000001", aws_secret_access_key="admin-secret-0000000000000000000000000000")
        """;

    [Fact]
    public async Task Boto3_VirtualMfaFromItsSeed_EnablesAndSignsGetSessionTokenThenDeactivates()
    {
        const string script = Totp + "\n" + """
            iam = client("iam")
            out = {}
            device = iam.create_virtual_mfa_device(VirtualMFADeviceName="phone")["VirtualMFADevice"]
            serial = device["SerialNumber"]
            seed_text = device["Base32StringSeed"].decode("ascii")
            seed = base64.b32decode(seed_text + "=" * (-len(seed_text) % 8))
            out["serial"], out["seed"], out["png"] = serial, seed_text, base64.b64encode(device["QRCodePNG"]).decode("ascii")
            out["duplicate"] = error(lambda: iam.create_virtual_mfa_device(VirtualMFADeviceName="phone"))
            step = int(time.time()) // 30
            out["wrong"] = error(lambda: iam.enable_mfa_device(UserName="phone-user", SerialNumber=serial,
                                                              AuthenticationCode1=code(seed, step - 2), AuthenticationCode2=code(seed, step - 3)))
            out["enable"] = error(lambda: iam.enable_mfa_device(UserName="phone-user", SerialNumber=serial,
                                                               AuthenticationCode1=code(seed, step - 2), AuthenticationCode2=code(seed, step - 1)))
            out["again"] = error(lambda: iam.enable_mfa_device(UserName="phone-user", SerialNumber=serial,
                                                              AuthenticationCode1=code(seed, step - 1), AuthenticationCode2=code(seed, step)))
            out["delete_assigned"] = error(lambda: admin.delete_virtual_mfa_device(SerialNumber=serial))
            out["deactivate_without_mfa"] = error(lambda: iam.deactivate_mfa_device(UserName="phone-user", SerialNumber=serial))
            c = client("sts").get_session_token(SerialNumber=serial, TokenCode=code(seed, step))["Credentials"]
            session = dict(aws_access_key_id=c["AccessKeyId"], aws_secret_access_key=c["SecretAccessKey"], aws_session_token=c["SessionToken"])
            out["session_arn"] = client("sts", **session).get_caller_identity()["Arn"]
            out["deactivate_with_mfa"] = error(lambda: client("iam", **session).deactivate_mfa_device(UserName="phone-user", SerialNumber=serial))
            out["delete"] = error(lambda: admin.delete_virtual_mfa_device(SerialNumber=serial))
            out["delete_again"] = error(lambda: admin.delete_virtual_mfa_device(SerialNumber=serial))
            print(json.dumps(out))
            """;

        var (exit, stdout, stderr) = await broker.Boto3Async(SelfServiceBrokerFixture.PhoneUser, script);

        Assert.True(exit == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        var result = json.RootElement;
        string Of(string name) => result.GetProperty(name).GetString()!;
        Assert.Equal("arn:aws:iam::111111111111:mfa/phone", Of("serial"));
        Assert.Equal(64, Of("seed").Length);
        Assert.StartsWith("EntityAlreadyExists 409", Of("duplicate"), StringComparison.Ordinal);
        Assert.StartsWith("InvalidAuthenticationCode 403", Of("wrong"), StringComparison.Ordinal);
        Assert.Equal("ok", Of("enable"));
        Assert.StartsWith("EntityAlreadyExists 409", Of("again"), StringComparison.Ordinal);
        Assert.Equal("DeleteConflict 409 MFA VirtualDevice in use. Must deactivate first.", Of("delete_assigned"));
        Assert.StartsWith("AccessDenied 403", Of("deactivate_without_mfa"), StringComparison.Ordinal);
        Assert.Equal("arn:aws:iam::111111111111:user/phone-user", Of("session_arn"));
        Assert.Equal("ok", Of("deactivate_with_mfa"));
        Assert.Equal("ok", Of("delete"));
        Assert.StartsWith("NoSuchEntity 404", Of("delete_again"), StringComparison.Ordinal);

        // The QR code decodes (pngjs + jsQR) to the otpauth URI of the same seed.
        var decoder = Repository.File("tests", "qr-decoder", "decode.mjs");
        var (decodeExit, decoded, decodeError) = await ExternalClient.RunAsync("node", [decoder], new Dictionary<string, string>(), Of("png"));
        Assert.True(decodeExit == 0, decodeError);
        Assert.Equal($"otpauth://totp/phone@111111111111?secret={Of("seed")}", decoded);
    }

    [Fact]
    public async Task Boto3_ResyncWithTwoConsecutiveCodes_AcceptedAndWrongCodesRefused()
    {
        const string script = Totp + "\n" + """
            device = admin.create_virtual_mfa_device(VirtualMFADeviceName="resync", Path="/ops/")["VirtualMFADevice"]
            serial = device["SerialNumber"]
            seed = base64.b32decode(device["Base32StringSeed"].decode("ascii") + "=" * (-len(device["Base32StringSeed"]) % 8))
            step = int(time.time()) // 30
            admin.enable_mfa_device(UserName="reporter", SerialNumber=serial, AuthenticationCode1=code(seed, step - 4), AuthenticationCode2=code(seed, step - 3))
            print(serial)
            print(error(lambda: admin.resync_mfa_device(UserName="reporter", SerialNumber=serial,
                                                        AuthenticationCode1=code(seed, step - 1), AuthenticationCode2="000000" if code(seed, step) != "000000" else "111111")))
            print(error(lambda: admin.resync_mfa_device(UserName="reporter", SerialNumber=serial,
                                                        AuthenticationCode1=code(seed, step - 2), AuthenticationCode2=code(seed, step - 1))))
            print(error(lambda: admin.resync_mfa_device(UserName="prober", SerialNumber=serial,
                                                        AuthenticationCode1=code(seed, step - 1), AuthenticationCode2=code(seed, step))))
            admin.deactivate_mfa_device(UserName="reporter", SerialNumber=serial)
            admin.delete_virtual_mfa_device(SerialNumber=serial)
            """;

        var (exit, stdout, stderr) = await broker.Boto3Async(SelfServiceBrokerFixture.Admin, script);

        Assert.True(exit == 0, stderr);
        var lines = stdout.Trim().Split('\n');
        Assert.Equal("arn:aws:iam::111111111111:mfa/ops/resync", lines[0]);
        Assert.StartsWith("InvalidAuthenticationCode 403", lines[1], StringComparison.Ordinal);
        Assert.Equal("ok", lines[2]);
        Assert.StartsWith("NoSuchEntity 404", lines[3], StringComparison.Ordinal);
    }
}
