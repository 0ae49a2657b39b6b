using System.Globalization;
using System.Text.Json;
using TokenBroker.Host.Tests.EndToEnd;

namespace TokenBroker.Host.Tests.Interop;

/// <summary>The AWS SDK for JavaScript v3 (@aws-sdk/client-sts, pinned in tests/js-client) against a real broker.</summary>
public class JsSdkTests(BrokerFixture broker) : IClassFixture<BrokerFixture>
{
    private const string AliceArn = "arn:aws:iam::111111111111:user/alice";
    private const string DemoRole = "arn:aws:iam::111111111111:role/demo";

    private static readonly Dictionary<string, string> Alice =
        ExternalClient.Credentials(TestDirectory.AliceKey.AccessKeyId.Value, TestDirectory.AliceKey.SecretAccessKey);

    [Fact]
    public async Task JsSdk_GetCallerIdentity_ReturnsTheUser()
    {
        using var json = await RunAsync("GetCallerIdentity", new { }, Alice);

        Assert.Equal(AliceArn, json.RootElement.GetProperty("Arn").GetString());
        Assert.Equal("111111111111", json.RootElement.GetProperty("Account").GetString());
        Assert.Equal("AIDAALICE000000000001", json.RootElement.GetProperty("UserId").GetString());
    }

    [Fact]
    public async Task JsSdk_GetSessionToken_CredentialsWorkForGetCallerIdentity()
    {
        using var session = await RunAsync("GetSessionToken", new { DurationSeconds = 900 }, Alice);
        var credentials = session.RootElement.GetProperty("Credentials");
        AssertTemporary(credentials, TimeSpan.FromSeconds(900));

        using var identity = await RunAsync("GetCallerIdentity", new { }, ExternalClient.Credentials(credentials));

        Assert.Equal(AliceArn, identity.RootElement.GetProperty("Arn").GetString());
        Assert.Equal("111111111111", identity.RootElement.GetProperty("Account").GetString());
    }

    [Fact]
    public async Task JsSdk_AssumeRoleWithSessionPolicyAndTags_CredentialsAreTheAssumedRole()
    {
        var input = new
        {
            RoleArn = DemoRole,
            RoleSessionName = "js-session",
            DurationSeconds = 1800,
            Policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}]}",
            Tags = new[] { new { Key = "Project", Value = "Pegasus" } },
            TransitiveTagKeys = new[] { "Project" },
        };
        using var assumed = await RunAsync("AssumeRole", input, Alice);
        var credentials = assumed.RootElement.GetProperty("Credentials");
        var user = assumed.RootElement.GetProperty("AssumedRoleUser");
        AssertTemporary(credentials, TimeSpan.FromSeconds(1800));
        Assert.Equal("arn:aws:sts::111111111111:assumed-role/demo/js-session", user.GetProperty("Arn").GetString());
        Assert.Equal("AROADEMO0000000000000:js-session", user.GetProperty("AssumedRoleId").GetString());
        Assert.InRange(assumed.RootElement.GetProperty("PackedPolicySize").GetInt32(), 1, 100);

        using var identity = await RunAsync("GetCallerIdentity", new { }, ExternalClient.Credentials(credentials));

        Assert.Equal("arn:aws:sts::111111111111:assumed-role/demo/js-session", identity.RootElement.GetProperty("Arn").GetString());
        Assert.Equal("AROADEMO0000000000000:js-session", identity.RootElement.GetProperty("UserId").GetString());
    }

    [Fact]
    public async Task JsSdk_GetFederationToken_CredentialsAreTheFederatedUser()
    {
        var policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}]}";
        using var federated = await RunAsync("GetFederationToken", new { Name = "Bob", Policy = policy, DurationSeconds = 900 }, Alice);
        var credentials = federated.RootElement.GetProperty("Credentials");
        AssertTemporary(credentials, TimeSpan.FromSeconds(900));
        Assert.Equal("arn:aws:sts::111111111111:federated-user/Bob", federated.RootElement.GetProperty("FederatedUser").GetProperty("Arn").GetString());
        Assert.Equal("111111111111:Bob", federated.RootElement.GetProperty("FederatedUser").GetProperty("FederatedUserId").GetString());

        using var identity = await RunAsync("GetCallerIdentity", new { }, ExternalClient.Credentials(credentials));

        Assert.Equal("arn:aws:sts::111111111111:federated-user/Bob", identity.RootElement.GetProperty("Arn").GetString());
    }

    [Fact]
    public async Task JsSdk_GetAccessKeyInfo_ReturnsTheKeysAccount()
    {
        using var json = await RunAsync("GetAccessKeyInfo", new { AccessKeyId = TestDirectory.CarolKey.AccessKeyId.Value }, Alice);

        Assert.Equal("222222222222", json.RootElement.GetProperty("Account").GetString());
    }

    [Fact]
    public async Task JsSdk_MalformedSessionPolicy_IsTheModeledMalformedPolicyDocumentException()
    {
        using var json = await RunAsync("AssumeRole", new { RoleArn = DemoRole, RoleSessionName = "js-session", Policy = "{\"Version\":" }, Alice);

        // The SDK maps the wire code MalformedPolicyDocument to its modeled exception class by the awsQueryError trait.
        var error = json.RootElement.GetProperty("error");
        Assert.Equal("MalformedPolicyDocumentException", error.GetProperty("name").GetString());
        Assert.Equal(400, error.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task JsSdk_OversizedSessionTags_IsTheModeledPackedPolicyTooLargeException()
    {
        // Random values: the packed form is compressed, as AWS's is, so repetitive values would fit.
        var tags = Enumerable.Range(0, 50)
            .Select(i => new { Key = $"Key{i:D2}", Value = string.Concat(Enumerable.Range(0, 6).Select(_ => Guid.NewGuid().ToString("N"))) });

        using var json = await RunAsync("AssumeRole", new { RoleArn = DemoRole, RoleSessionName = "js-session", Tags = tags }, Alice);

        var error = json.RootElement.GetProperty("error");
        Assert.Equal("PackedPolicyTooLargeException", error.GetProperty("name").GetString());
        Assert.Matches(@"^Packed size of session tags consumes \d+% of allotted space", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task JsSdk_AssumeRoleTrustingAnotherUser_IsAccessDenied()
    {
        using var json = await RunAsync("AssumeRole", new { RoleArn = "arn:aws:iam::111111111111:role/dave-only", RoleSessionName = "js-session" }, Alice);

        var error = json.RootElement.GetProperty("error");
        Assert.Equal("AccessDenied", error.GetProperty("name").GetString());
        Assert.Equal("client", error.GetProperty("fault").GetString());
        Assert.Equal(403, error.GetProperty("status").GetInt32());
        Assert.Contains($"User: {AliceArn} is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::111111111111:role/dave-only",
            error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task JsSdk_RoleSessionNameTooShort_IsValidationError()
    {
        using var json = await RunAsync("AssumeRole", new { RoleArn = DemoRole, RoleSessionName = "a" }, Alice);

        var error = json.RootElement.GetProperty("error");
        Assert.Equal("ValidationError", error.GetProperty("name").GetString());
        Assert.Equal(400, error.GetProperty("status").GetInt32());
        Assert.Contains("at 'roleSessionName' failed to satisfy constraint", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task JsSdk_WrongSecret_IsSignatureDoesNotMatch()
    {
        var forged = ExternalClient.Credentials(TestDirectory.AliceKey.AccessKeyId.Value, "not-alice-secret-000000000000000000000000");

        using var json = await RunAsync("GetCallerIdentity", new { }, forged);

        var error = json.RootElement.GetProperty("error");
        Assert.Equal("SignatureDoesNotMatch", error.GetProperty("name").GetString());
        Assert.Equal(403, error.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task JsSdk_UnknownAccessKeyId_IsInvalidClientTokenId()
    {
        var unknown = ExternalClient.Credentials("AKIAUNKNOWN000000001", TestDirectory.AliceKey.SecretAccessKey);

        using var json = await RunAsync("GetCallerIdentity", new { }, unknown);

        var error = json.RootElement.GetProperty("error");
        Assert.Equal("InvalidClientTokenId", error.GetProperty("name").GetString());
        Assert.Equal(403, error.GetProperty("status").GetInt32());
    }

    private Task<JsonDocument> RunAsync(string operation, object input, IReadOnlyDictionary<string, string> credentials)
    {
        broker.SyncClock();
        return JsSdkClient.RunAsync(broker.Endpoint, operation, input, credentials);
    }

    private void AssertTemporary(JsonElement credentials, TimeSpan duration)
    {
        Assert.StartsWith("ASIA", credentials.GetProperty("AccessKeyId").GetString(), StringComparison.Ordinal);
        Assert.Equal(40, credentials.GetProperty("SecretAccessKey").GetString()!.Length);
        Assert.False(string.IsNullOrEmpty(credentials.GetProperty("SessionToken").GetString()));

        // The SDK parses Expiration into a Date; JSON.stringify prints it as ISO 8601 UTC.
        var expiration = DateTimeOffset.Parse(credentials.GetProperty("Expiration").GetString()!, CultureInfo.InvariantCulture);
        Assert.Equal(broker.Time.GetUtcNow() + duration, expiration, TimeSpan.FromSeconds(5));
    }
}
