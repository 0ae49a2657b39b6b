using System.Text.Json;
using TokenBroker.Host.Tests.EndToEnd;

namespace TokenBroker.Host.Tests.Interop;

public class AwsCliAndBoto3Tests(BrokerFixture broker) : IClassFixture<BrokerFixture>
{
    private static readonly Dictionary<string, string> AliceEnvironment = new()
    {
        ["AWS_ACCESS_KEY_ID"] = TestDirectory.AliceKey.AccessKeyId.Value,
        ["AWS_SECRET_ACCESS_KEY"] = TestDirectory.AliceKey.SecretAccessKey,
    };

    [Fact]
    public async Task AwsCli_GetCallerIdentity_ReturnsTheUser()
    {
        var (exit, stdout, stderr) = await ExternalClient.RunAsync("aws",
            ["sts", "get-caller-identity", "--endpoint-url", broker.Endpoint.ToString(), "--output", "json"], AliceEnvironment);

        Assert.True(exit == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        Assert.Equal("arn:aws:iam::111111111111:user/alice", json.RootElement.GetProperty("Arn").GetString());
        Assert.Equal("111111111111", json.RootElement.GetProperty("Account").GetString());
    }

    [Fact]
    public async Task AwsCli_GetSessionToken_CredentialsWorkForGetCallerIdentity()
    {
        var (exit, stdout, stderr) = await ExternalClient.RunAsync("aws",
            ["sts", "get-session-token", "--duration-seconds", "900", "--endpoint-url", broker.Endpoint.ToString(), "--output", "json"], AliceEnvironment);
        Assert.True(exit == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        var credentials = json.RootElement.GetProperty("Credentials");

        var (exit2, stdout2, stderr2) = await ExternalClient.RunAsync("aws",
            ["sts", "get-caller-identity", "--endpoint-url", broker.Endpoint.ToString(), "--output", "json"],
            ExternalClient.Credentials(credentials));

        Assert.True(exit2 == 0, stderr2);
        Assert.Contains("arn:aws:iam::111111111111:user/alice", stdout2, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AwsCli_ValidationError_IsReportedWithAwsCode()
    {
        var (exit, _, stderr) = await ExternalClient.RunAsync("aws",
            ["sts", "get-session-token", "--serial-number", TestDirectory.AliceMfaSerial, "--token-code", "12a456", "--endpoint-url", broker.Endpoint.ToString()],
            AliceEnvironment);

        Assert.NotEqual(0, exit);
        Assert.Contains("(ValidationError)", stderr, StringComparison.Ordinal);
        Assert.Contains("at 'tokenCode' failed to satisfy constraint", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Boto3_GetCallerIdentityAndSessionToken_Work()
    {
        const string script = """
            import json, os, sys, boto3
            from botocore.config import Config
            url = sys.argv[1]
            unvalidated = boto3.client("sts", endpoint_url=url, region_name="us-east-1", config=Config(parameter_validation=False))
            sts = boto3.client("sts", endpoint_url=url, region_name="us-east-1")
            me = sts.get_caller_identity()
            creds = sts.get_session_token(DurationSeconds=900)["Credentials"]
            temp = boto3.client("sts", endpoint_url=url, region_name="us-east-1",
                                aws_access_key_id=creds["AccessKeyId"], aws_secret_access_key=creds["SecretAccessKey"],
                                aws_session_token=creds["SessionToken"])
            again = temp.get_caller_identity()
            info = sts.get_access_key_info(AccessKeyId=creds["AccessKeyId"])
            try:
                unvalidated.get_session_token(DurationSeconds=100)
                error = None
            except sts.exceptions.ClientError as e:
                error = e.response["Error"]["Code"]
            print(json.dumps({"arn": me["Arn"], "again": again["Arn"], "account": info["Account"], "error": error}))
            """;

        var (exit, stdout, stderr) = await ExternalClient.RunAsync("python3", ["-c", script, broker.Endpoint.ToString()], AliceEnvironment);

        Assert.True(exit == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        Assert.Equal("arn:aws:iam::111111111111:user/alice", json.RootElement.GetProperty("arn").GetString());
        Assert.Equal("arn:aws:iam::111111111111:user/alice", json.RootElement.GetProperty("again").GetString());
        Assert.Equal("111111111111", json.RootElement.GetProperty("account").GetString());
        Assert.Equal("ValidationError", json.RootElement.GetProperty("error").GetString());
    }

    /// <summary>
    /// The way people assume roles with the CLI: a profile with role_arn, source_profile and external_id. The CLI's own
    /// assume-role credential provider calls AssumeRole at AWS_ENDPOINT_URL_STS, then signs the call with the session.
    /// </summary>
    [Theory]
    [InlineData("ext-123", true)]
    [InlineData("ext-999", false)]
    public async Task AwsCli_ProfileWithRoleArnAndExternalId_AssumesOnlyWithTheRightExternalId(string externalId, bool allowed)
    {
        broker.SyncClock();
        var folder = Directory.CreateTempSubdirectory("tokenbroker-cli-profile-").FullName;
        try
        {
            var credentials = Path.Combine(folder, "credentials");
            var config = Path.Combine(folder, "config");
            await File.WriteAllTextAsync(credentials,
                $"[carol]\naws_access_key_id = {TestDirectory.CarolKey.AccessKeyId.Value}\naws_secret_access_key = {TestDirectory.CarolKey.SecretAccessKey}\n");
            await File.WriteAllTextAsync(config,
                "[profile deploy]\nrole_arn = arn:aws:iam::111111111111:role/cross-account\nsource_profile = carol\n"
                + $"external_id = {externalId}\nrole_session_name = cli-profile\nregion = us-east-1\n");

            var (exit, stdout, stderr) = await ExternalClient.RunAsync("aws",
                ["sts", "get-caller-identity", "--profile", "deploy", "--output", "json"],
                new Dictionary<string, string>
                {
                    ["AWS_CONFIG_FILE"] = config,
                    ["AWS_SHARED_CREDENTIALS_FILE"] = credentials,
                    ["AWS_ENDPOINT_URL_STS"] = broker.Endpoint.ToString(),
                });

            if (allowed)
            {
                Assert.True(exit == 0, stderr);
                using var json = JsonDocument.Parse(stdout);
                Assert.Equal("arn:aws:sts::111111111111:assumed-role/cross-account/cli-profile", json.RootElement.GetProperty("Arn").GetString());
                Assert.Equal("111111111111", json.RootElement.GetProperty("Account").GetString());
            }
            else
            {
                Assert.NotEqual(0, exit);
                Assert.Contains("AccessDenied", stderr, StringComparison.Ordinal);
                Assert.Contains("AssumeRole", stderr, StringComparison.Ordinal);
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task AwsCli_GetFederationTokenAndAccessKeyInfo_Work()
    {
        broker.SyncClock();
        var (exit, stdout, stderr) = await ExternalClient.RunAsync("aws",
        [
            "sts", "get-federation-token", "--name", "fed-bob", "--duration-seconds", "900", "--endpoint-url", broker.Endpoint.ToString(),
            "--policy", """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}""", "--output", "json",
        ], AliceEnvironment);
        Assert.True(exit == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        Assert.Equal("arn:aws:sts::111111111111:federated-user/fed-bob", json.RootElement.GetProperty("FederatedUser").GetProperty("Arn").GetString());
        var temporaryKey = json.RootElement.GetProperty("Credentials").GetProperty("AccessKeyId").GetString()!;

        var (exit2, stdout2, stderr2) = await ExternalClient.RunAsync("aws",
            ["sts", "get-access-key-info", "--access-key-id", temporaryKey, "--endpoint-url", broker.Endpoint.ToString(), "--output", "json"],
            AliceEnvironment);

        Assert.True(exit2 == 0, stderr2);
        using var info = JsonDocument.Parse(stdout2);
        Assert.Equal("111111111111", info.RootElement.GetProperty("Account").GetString());
    }

    /// <summary>
    /// The presigned GetCallerIdentity URL that Vault's AWS auth and EKS tokens carry: botocore presigns it (GET, or its
    /// default POST), whoever holds it can call it until it expires, and the broker answers with the signer's identity.
    /// </summary>
    [Fact]
    public async Task Boto3_PresignedGetCallerIdentityUrl_AnswersWithTheSigner()
    {
        broker.SyncClock();
        const string script = """
            import sys, urllib.request, urllib.error, boto3
            sts = boto3.client("sts", endpoint_url=sys.argv[1], region_name="us-east-1")
            def call(url, method):
                request = urllib.request.Request(url, method=method, data=b"" if method == "POST" else None)
                try:
                    return "200 " + urllib.request.urlopen(request).read().decode()
                except urllib.error.HTTPError as e:
                    return f"{e.code} {e.read().decode()}"
            get = sts.generate_presigned_url("get_caller_identity", ExpiresIn=60, HttpMethod="GET")
            post = sts.generate_presigned_url("get_caller_identity", ExpiresIn=60)
            print("get", call(get, "GET"))
            print("post", call(post, "POST"))
            print("tampered", call(get.replace("X-Amz-Signature=", "X-Amz-Signature=0"), "GET"))
            print("wrongmethod", call(post, "GET"))
            """;

        var (exit, stdout, stderr) = await ExternalClient.RunAsync("python3", ["-c", script, broker.Endpoint.ToString()], AliceEnvironment);

        Assert.True(exit == 0, stderr);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("get 200 ", lines[0], StringComparison.Ordinal);
        Assert.Contains("<Arn>arn:aws:iam::111111111111:user/alice</Arn>", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("post 200 ", lines[1], StringComparison.Ordinal);
        Assert.Contains("<Arn>arn:aws:iam::111111111111:user/alice</Arn>", lines[1], StringComparison.Ordinal);

        // The signature covers the method: a URL presigned for POST (botocore's default for STS) does not verify as a GET.
        Assert.StartsWith("tampered 403 ", lines[2], StringComparison.Ordinal);
        Assert.Contains("<Code>SignatureDoesNotMatch</Code>", lines[2], StringComparison.Ordinal);
        Assert.StartsWith("wrongmethod 403 ", lines[3], StringComparison.Ordinal);
    }

    /// <summary>
    /// An EKS-style token: GetCallerIdentity presigned with an extra signed header (x-k8s-aws-id) that the holder must
    /// send; without it the URL does not verify, so a token for one cluster cannot be used as another's.
    /// </summary>
    [Fact]
    public async Task Boto3_PresignedUrlWithSignedClusterHeader_VerifiesOnlyWithTheHeader()
    {
        broker.SyncClock();
        const string script = """
            import sys, urllib.request, urllib.error, boto3
            sts = boto3.client("sts", endpoint_url=sys.argv[1], region_name="us-east-1")
            sts.meta.events.register("before-sign.sts.GetCallerIdentity",
                                     lambda request, **kwargs: request.headers.add_header("x-k8s-aws-id", "prod-cluster"))
            url = sts.generate_presigned_url("get_caller_identity", ExpiresIn=60, HttpMethod="GET")
            def call(headers):
                try:
                    return "200 " + urllib.request.urlopen(urllib.request.Request(url, headers=headers)).read().decode()
                except urllib.error.HTTPError as e:
                    return f"{e.code} {e.read().decode()}"
            print("signed-headers", "x-k8s-aws-id" in url)
            print("with", call({"x-k8s-aws-id": "prod-cluster"}))
            print("other", call({"x-k8s-aws-id": "dev-cluster"}))
            print("without", call({}))
            """;

        var (exit, stdout, stderr) = await ExternalClient.RunAsync("python3", ["-c", script, broker.Endpoint.ToString()], AliceEnvironment);

        Assert.True(exit == 0, stderr);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("signed-headers True", lines[0]);
        Assert.StartsWith("with 200 ", lines[1], StringComparison.Ordinal);
        Assert.Contains("<Arn>arn:aws:iam::111111111111:user/alice</Arn>", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("other 403 ", lines[2], StringComparison.Ordinal);
        Assert.StartsWith("without 403 ", lines[3], StringComparison.Ordinal);
    }
}
