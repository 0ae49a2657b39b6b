using System.Text;
using System.Text.Json;
using OtpNet;
using TokenBroker.Host.Tests.Iam;

namespace TokenBroker.Host.Tests.SelfService;

/// <summary>
/// Every self-service operation and its errors through a second client, @aws-sdk/client-iam (tests/js-client/iam.mjs):
/// access keys (with the third-key limit), a virtual MFA device from creation to deletion with codes computed from its
/// seed, and the credential report from ReportNotPresent to its CSV.
/// </summary>
public class SelfServiceJsSdkTests(SelfServiceBrokerFixture broker) : IClassFixture<SelfServiceBrokerFixture>
{
    [Fact]
    public async Task JsSdk_AccessKeyLifecycle_CreateUpdateDeleteAndLimitExceededForAThirdKey()
    {
        var rotator = SelfServiceBrokerFixture.Rotator;

        using var created = await RunAsync("CreateAccessKey", "{}", rotator);
        var key = created.RootElement.GetProperty("AccessKey");
        var id = key.GetProperty("AccessKeyId").GetString()!;
        Assert.Equal(("rotator", "Active", 40), (key.GetProperty("UserName").GetString(), key.GetProperty("Status").GetString(),
            key.GetProperty("SecretAccessKey").GetString()!.Length));
        Assert.StartsWith("AKIA", id, StringComparison.Ordinal);
        var fresh = Interop.ExternalClient.Credentials(id, key.GetProperty("SecretAccessKey").GetString()!);
        using (var self = await RunAsync("GetUser", "{}", fresh))
        {
            Assert.Equal("rotator", JsIamClient.Read(self.RootElement, "User.UserName"));
        }

        await ErrorAsync("CreateAccessKey", "{}", rotator, "LimitExceededException", 409);

        using (await RunAsync("UpdateAccessKey", $$"""{"AccessKeyId":"{{id}}","Status":"Inactive"}""", rotator))
        using (var listed = await RunAsync("ListAccessKeys", "{}", rotator))
        {
            var inactive = listed.RootElement.GetProperty("AccessKeyMetadata").EnumerateArray().Single(k => k.GetProperty("AccessKeyId").GetString() == id);
            Assert.Equal("Inactive", inactive.GetProperty("Status").GetString());
            Assert.False(inactive.TryGetProperty("SecretAccessKey", out _));
        }

        await ErrorAsync("UpdateAccessKey", $$"""{"AccessKeyId":"{{id}}","Status":"Paused"}""", rotator, "ValidationError", 400);
        await ErrorAsync("UpdateAccessKey", """{"UserName":"rotator","AccessKeyId":"AKIASELFROTATOR00001","Status":"Inactive"}""",
            SelfServiceBrokerFixture.Prober, "AccessDenied", 403);
        using (await RunAsync("DeleteAccessKey", $$"""{"AccessKeyId":"{{id}}"}""", rotator))
        {
            await ErrorAsync("DeleteAccessKey", $$"""{"AccessKeyId":"{{id}}"}""", rotator, "NoSuchEntityException", 404);
        }

        await ErrorAsync("CreateAccessKey", """{"UserName":"ghost"}""", SelfServiceBrokerFixture.Admin, "NoSuchEntityException", 404);
    }

    [Fact]
    public async Task JsSdk_VirtualMfaLifecycle_SeedAndQrThenEnableResyncDeactivateDelete()
    {
        var admin = SelfServiceBrokerFixture.Admin;
        using var created = await RunAsync("CreateVirtualMFADevice", """{"VirtualMFADeviceName":"js-phone","Path":"/js/"}""", admin);
        var device = created.RootElement.GetProperty("VirtualMFADevice");
        var serial = device.GetProperty("SerialNumber").GetString()!;
        var seedText = Encoding.ASCII.GetString(Convert.FromBase64String(device.GetProperty("Base32StringSeed").GetString()!));
        var png = Convert.FromBase64String(device.GetProperty("QRCodePNG").GetString()!);
        Assert.Equal("arn:aws:iam::111111111111:mfa/js/js-phone", serial);
        Assert.Matches("^[A-Z2-7]{64}$", seedText);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        await ErrorAsync("CreateVirtualMFADevice", """{"VirtualMFADeviceName":"js-phone","Path":"/js/"}""", admin, "EntityAlreadyExistsException", 409);

        var totp = new Totp(Base32Encoding.ToBytes(seedText));
        broker.SyncClock();
        var now = broker.Time.GetUtcNow().UtcDateTime;
        string Code(int stepsBack) => totp.ComputeTotp(now.AddSeconds(-30 * stepsBack));
        string Codes(string a, string b) => $$"""{"UserName":"prober","SerialNumber":"{{serial}}","AuthenticationCode1":"{{a}}","AuthenticationCode2":"{{b}}"}""";

        await ErrorAsync("EnableMFADevice", Codes(Code(3), Code(4)), admin, "InvalidAuthenticationCodeException", 403);
        using (await RunAsync("EnableMFADevice", Codes(Code(4), Code(3)), admin))
        using (var listed = await RunAsync("ListMFADevices", """{"UserName":"prober"}""", admin))
        {
            Assert.Equal(serial, JsIamClient.Read(listed.RootElement, "MFADevices.0.SerialNumber"));
        }

        await ErrorAsync("EnableMFADevice", Codes(Code(2), Code(1)), admin, "EntityAlreadyExistsException", 409);
        await ErrorAsync("ResyncMFADevice", Codes(Code(1), Code(2)), admin, "InvalidAuthenticationCodeException", 403);
        using (await RunAsync("ResyncMFADevice", Codes(Code(2), Code(1)), admin))
        {
            await ErrorAsync("DeleteVirtualMFADevice", $$"""{"SerialNumber":"{{serial}}"}""", admin, "DeleteConflictException", 409);
        }

        using (await RunAsync("DeactivateMFADevice", $$"""{"UserName":"prober","SerialNumber":"{{serial}}"}""", admin))
        using (await RunAsync("DeleteVirtualMFADevice", $$"""{"SerialNumber":"{{serial}}"}""", admin))
        {
            await ErrorAsync("DeleteVirtualMFADevice", $$"""{"SerialNumber":"{{serial}}"}""", admin, "NoSuchEntityException", 404);
            await ErrorAsync("DeactivateMFADevice", $$"""{"UserName":"prober","SerialNumber":"{{serial}}"}""", admin, "NoSuchEntityException", 404);
        }
    }

    [Fact]
    public async Task JsSdk_CredentialReport_ReportNotPresentThenStartedCompleteAndTheCsv()
    {
        var reporter = SelfServiceBrokerFixture.Reporter;
        await ErrorAsync("GetCredentialReport", "{}", reporter, "CredentialReportNotPresentException", 410);
        await ErrorAsync("GenerateCredentialReport", "{}", SelfServiceBrokerFixture.Prober, "AccessDenied", 403);

        using var started = await RunAsync("GenerateCredentialReport", "{}", reporter);
        using var complete = await RunAsync("GenerateCredentialReport", "{}", reporter);
        using var report = await RunAsync("GetCredentialReport", "{}", reporter);

        Assert.Equal("STARTED", JsIamClient.Read(started.RootElement, "State"));
        Assert.Equal("COMPLETE", JsIamClient.Read(complete.RootElement, "State"));
        Assert.Equal("text/csv", JsIamClient.Read(report.RootElement, "ReportFormat"));
        Assert.True(DateTimeOffset.TryParse(JsIamClient.Read(report.RootElement, "GeneratedTime"), out _));
        var lines = Encoding.UTF8.GetString(Convert.FromBase64String(JsIamClient.Read(report.RootElement, "Content")!)).TrimEnd().Split('\n');
        Assert.Equal(22, lines[0].Split(',').Length);
        Assert.StartsWith("<root_account>,arn:aws:iam::111111111111:root,", lines[1], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith("rotator,arn:aws:iam::111111111111:user/rotator,", StringComparison.Ordinal));
    }

    private async Task<JsonDocument> RunAsync(string operation, string input, IReadOnlyDictionary<string, string> credentials)
    {
        broker.SyncClock();
        var json = await JsIamClient.RunAsync(broker.Endpoint, operation, input, credentials);
        Assert.False(json.RootElement.TryGetProperty("error", out var error), $"{operation}: {error}");
        return json;
    }

    private async Task ErrorAsync(string operation, string input, IReadOnlyDictionary<string, string> credentials, string name, int status)
    {
        broker.SyncClock();
        using var json = await JsIamClient.RunAsync(broker.Endpoint, operation, input, credentials);
        var error = json.RootElement.GetProperty("error");
        Assert.Equal((name, status), (error.GetProperty("name").GetString(), error.GetProperty("status").GetInt32()));
    }
}
