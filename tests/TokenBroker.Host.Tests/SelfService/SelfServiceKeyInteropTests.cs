using System.Text.Json;
using TokenBroker.Host.Tests.Interop;

namespace TokenBroker.Host.Tests.SelfService;

/// <summary>
/// Access-key self-service with the stock aws CLI (v1) under AWS's "rotate your own credentials" policy. Named
/// *Interop*, so test.sh runs these again with the broker on DynamoDB Local.
/// </summary>
public class SelfServiceKeyInteropTests(SelfServiceBrokerFixture broker) : IClassFixture<SelfServiceBrokerFixture>
{
    [Fact]
    public async Task AwsCli_KeyRotation_EveryStepSignsWithTheRightKeyAndTheOldKeyIsRefused()
    {
        var old = SelfServiceBrokerFixture.Rotator;

        // 1. Create the second key (signed with the first; no user name: the caller's own user).
        var created = await broker.AwsAsync(old, "iam", "create-access-key");
        Assert.True(created.ExitCode == 0, created.Stderr);
        using var json = JsonDocument.Parse(created.Stdout);
        var key = json.RootElement.GetProperty("AccessKey");
        Assert.Equal(("rotator", "Active"), (key.GetProperty("UserName").GetString(), key.GetProperty("Status").GetString()));
        var fresh = ExternalClient.Credentials(key.GetProperty("AccessKeyId").GetString()!, key.GetProperty("SecretAccessKey").GetString()!);
        Assert.StartsWith("AKIA", fresh["AWS_ACCESS_KEY_ID"], StringComparison.Ordinal);

        // 2. Both keys sign while clients move over.
        Assert.Contains("user/rotator", await CallerArnAsync(fresh), StringComparison.Ordinal);
        Assert.Contains("user/rotator", await CallerArnAsync(old), StringComparison.Ordinal);

        // 3. Deactivate the old key (signed with the new one): it is refused from the next request on.
        var deactivated = await broker.AwsAsync(fresh, "iam", "update-access-key", "--access-key-id", old["AWS_ACCESS_KEY_ID"], "--status", "Inactive");
        Assert.True(deactivated.ExitCode == 0, deactivated.Stderr);
        var refused = await broker.AwsAsync(old, "sts", "get-caller-identity");
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("InvalidClientTokenId", refused.Stderr, StringComparison.Ordinal);
        var refusedIam = await broker.AwsAsync(old, "iam", "get-user");
        Assert.Contains("InvalidClientTokenId", refusedIam.Stderr, StringComparison.Ordinal);

        // 4. Delete the old key; the new one keeps working.
        var deleted = await broker.AwsAsync(fresh, "iam", "delete-access-key", "--access-key-id", old["AWS_ACCESS_KEY_ID"]);
        Assert.True(deleted.ExitCode == 0, deleted.Stderr);
        Assert.Contains("user/rotator", await CallerArnAsync(fresh), StringComparison.Ordinal);
        var gone = await broker.AwsAsync(fresh, "iam", "delete-access-key", "--access-key-id", old["AWS_ACCESS_KEY_ID"]);
        Assert.Contains("NoSuchEntity", gone.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AwsCli_CreateAccessKeyWithTwoKeysOneInactive_LimitExceeded()
    {
        var (exit, _, stderr) = await broker.AwsAsync(SelfServiceBrokerFixture.Crowded, "iam", "create-access-key");

        Assert.NotEqual(0, exit);
        Assert.Contains("LimitExceeded", stderr, StringComparison.Ordinal);
        Assert.Contains("Cannot exceed quota for AccessKeysPerUser: 2", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AwsCli_CreateAccessKeyForAnotherUserUnderUsernamePolicy_AccessDenied()
    {
        var (exit, _, stderr) = await broker.AwsAsync(SelfServiceBrokerFixture.Prober, "iam", "create-access-key", "--user-name", "rotator");

        Assert.NotEqual(0, exit);
        Assert.Contains("AccessDenied", stderr, StringComparison.Ordinal);
        Assert.Contains("iam:CreateAccessKey on resource: arn:aws:iam::111111111111:user/rotator", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AwsCli_DeactivateAnotherUsersKeyById_AccessDeniedAndKeyStillWorks()
    {
        var (exit, _, stderr) = await broker.AwsAsync(SelfServiceBrokerFixture.Prober, "iam", "update-access-key",
            "--access-key-id", "AKIASELFREPORTER0001", "--status", "Inactive");

        // The prober may manage its own user's keys only: naming another user's key under its own name finds nothing.
        Assert.NotEqual(0, exit);
        Assert.Contains("NoSuchEntity", stderr, StringComparison.Ordinal);
        Assert.Contains("user/reporter", await CallerArnAsync(SelfServiceBrokerFixture.Reporter), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AwsCli_CreateAccessKeyForMissingUser_NoSuchEntity()
    {
        var (exit, _, stderr) = await broker.AwsAsync(SelfServiceBrokerFixture.Admin, "iam", "create-access-key", "--user-name", "ghost");

        Assert.NotEqual(0, exit);
        Assert.Contains("NoSuchEntity", stderr, StringComparison.Ordinal);
        Assert.Contains("The user with name ghost cannot be found.", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AwsCli_UpdateAccessKeyBadStatus_ValidationError()
    {
        var (exit, _, stderr) = await broker.AwsAsync(SelfServiceBrokerFixture.Admin, "iam", "update-access-key",
            "--user-name", "prober", "--access-key-id", "AKIASELFPROBER000001", "--status", "Paused");

        Assert.NotEqual(0, exit);
        Assert.Contains("ValidationError", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Boto3_CreateAccessKeyWithRoleSessionAndNoUserName_ValidationError()
    {
        const string script = """
            import sys, boto3, botocore
            sts = boto3.client("sts", endpoint_url=sys.argv[1], region_name="us-east-1")
            c = sts.assume_role(RoleArn="arn:aws:iam::111111111111:role/operator", RoleSessionName="ops")["Credentials"]
            iam = boto3.client("iam", endpoint_url=sys.argv[1], region_name="us-east-1", aws_access_key_id=c["AccessKeyId"],
                               aws_secret_access_key=c["SecretAccessKey"], aws_session_token=c["SessionToken"])
            try:
                iam.create_access_key()
                print("created")
            except botocore.exceptions.ClientError as e:
                print(e.response["Error"]["Code"], e.response["ResponseMetadata"]["HTTPStatusCode"], e.response["Error"]["Message"])
            """;

        var (exit, stdout, stderr) = await broker.Boto3Async(SelfServiceBrokerFixture.Admin, script);

        Assert.True(exit == 0, stderr);
        Assert.Equal("ValidationError 400 Must specify userName when calling with non-User credentials", stdout.Trim());
    }

    private async Task<string> CallerArnAsync(Dictionary<string, string> credentials)
    {
        var (exit, stdout, stderr) = await broker.AwsAsync(credentials, "sts", "get-caller-identity");
        Assert.True(exit == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        return json.RootElement.GetProperty("Arn").GetString()!;
    }
}
