using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using StsCredentials = Amazon.SecurityToken.Model.Credentials;

namespace TokenBroker.Host.Tests.EndToEnd;

public class GetFederationTokenTests(BrokerFixture broker) : IClassFixture<BrokerFixture>
{
    private const string S3All = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"}]}";

    private AmazonSecurityTokenServiceClient Alice() => broker.Client(TestDirectory.AliceKey.AccessKeyId.Value, TestDirectory.AliceKey.SecretAccessKey);

    private AmazonSecurityTokenServiceClient Client(StsCredentials credentials) =>
        broker.Client(new SessionAWSCredentials(credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken));

    [Fact]
    public async Task GetFederationToken_WithSessionPolicy_ReturnsFederatedUser()
    {
        using var sts = Alice();

        var response = await sts.GetFederationTokenAsync(new GetFederationTokenRequest { Name = "Bob", Policy = S3All });

        Assert.Equal("111111111111:Bob", response.FederatedUser.FederatedUserId);
        Assert.Equal("arn:aws:sts::111111111111:federated-user/Bob", response.FederatedUser.Arn);
        var lifetime = response.Credentials.Expiration!.Value.ToUniversalTime() - broker.Time.GetUtcNow().UtcDateTime;
        Assert.InRange(lifetime.TotalSeconds, 43198, 43202);
        using var session = Client(response.Credentials);
        var identity = await session.GetCallerIdentityAsync(new GetCallerIdentityRequest());
        Assert.Equal("arn:aws:sts::111111111111:federated-user/Bob", identity.Arn);
        Assert.Equal("111111111111:Bob", identity.UserId);
    }

    [Fact]
    public async Task GetFederationToken_Session_GetsIntersectionOfUserAndSessionPolicies()
    {
        using var sts = Alice();

        var response = await sts.GetFederationTokenAsync(new GetFederationTokenRequest { Name = "Bob", Policy = S3All });

        Assert.True(await SessionMayAsync(response.Credentials, "s3:GetObject"));
        Assert.False(await SessionMayAsync(response.Credentials, "s3:PutObject"));
    }

    [Fact]
    public async Task GetFederationToken_WithoutSessionPolicy_SessionMayDoNothing()
    {
        using var sts = Alice();

        var response = await sts.GetFederationTokenAsync(new GetFederationTokenRequest { Name = "Bob" });

        Assert.False(await SessionMayAsync(response.Credentials, "s3:GetObject"));
        using var session = Client(response.Credentials);
        Assert.Equal("arn:aws:sts::111111111111:federated-user/Bob", (await session.GetCallerIdentityAsync(new GetCallerIdentityRequest())).Arn);
    }

    [Fact]
    public async Task GetFederationToken_SessionMayCallOnlyGetCallerIdentity()
    {
        using var sts = Alice();
        var response = await sts.GetFederationTokenAsync(new GetFederationTokenRequest { Name = "Bob", Policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"sts:*\",\"Resource\":\"*\"}]}" });
        using var session = Client(response.Credentials);

        var assume = await Assert.ThrowsAnyAsync<AmazonSecurityTokenServiceException>(() =>
            session.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = "arn:aws:iam::111111111111:role/demo", RoleSessionName = "x1" }));
        var federate = await Assert.ThrowsAnyAsync<AmazonSecurityTokenServiceException>(() =>
            session.GetFederationTokenAsync(new GetFederationTokenRequest { Name = "Again" }));
        var sessionToken = await Assert.ThrowsAnyAsync<AmazonSecurityTokenServiceException>(() =>
            session.GetSessionTokenAsync(new GetSessionTokenRequest()));

        Assert.Equal("AccessDenied", assume.ErrorCode);
        Assert.Equal("AccessDenied", federate.ErrorCode);
        Assert.Equal("Cannot call GetFederationToken with session credentials", federate.Message);
        Assert.Equal("AccessDenied", sessionToken.ErrorCode);
    }

    [Fact]
    public async Task GetFederationToken_UserWithoutPermission_IsAccessDenied()
    {
        using var dave = broker.Client(TestDirectory.DaveKey.AccessKeyId.Value, TestDirectory.DaveKey.SecretAccessKey);

        var error = await Assert.ThrowsAnyAsync<AmazonSecurityTokenServiceException>(() =>
            dave.GetFederationTokenAsync(new GetFederationTokenRequest { Name = "Bob", Policy = S3All }));

        Assert.Equal("AccessDenied", error.ErrorCode);
        Assert.Equal("User: arn:aws:iam::111111111111:user/dave is not authorized to perform: sts:GetFederationToken on resource: arn:aws:sts::111111111111:federated-user/Bob", error.Message);
    }

    [Fact]
    public async Task GetFederationToken_RoleSession_CannotCallIt()
    {
        using var sts = Alice();
        var role = await sts.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = "arn:aws:iam::111111111111:role/demo", RoleSessionName = "r1" });
        using var session = Client(role.Credentials);

        var error = await Assert.ThrowsAnyAsync<AmazonSecurityTokenServiceException>(() =>
            session.GetFederationTokenAsync(new GetFederationTokenRequest { Name = "Bob" }));

        Assert.Equal("AccessDenied", error.ErrorCode);
        Assert.Equal("Cannot call GetFederationToken with session credentials", error.Message);
    }

    [Theory]
    [InlineData("B", "Member must have length greater than or equal to 2")]
    [InlineData("ThisNameIsLongerThanThirtyTwoChars", "Member must have length less than or equal to 32")]
    public async Task GetFederationToken_BadName_IsValidationError(string name, string constraint)
    {
        using var sts = Alice();

        var error = await Assert.ThrowsAnyAsync<AmazonSecurityTokenServiceException>(() =>
            sts.GetFederationTokenAsync(new GetFederationTokenRequest { Name = string.Concat(name, "") }));

        Assert.Equal("ValidationError", error.ErrorCode);
        Assert.Equal($"1 validation error detected: Value '{name}' at 'name' failed to satisfy constraint: {constraint}", error.Message);
    }

    [Fact]
    public async Task GetFederationToken_DurationAboveMaximum_IsValidationError()
    {
        using var sts = Alice();

        var error = await Assert.ThrowsAnyAsync<AmazonSecurityTokenServiceException>(() =>
            sts.GetFederationTokenAsync(new GetFederationTokenRequest { Name = "Bob", DurationSeconds = int.Parse("129601", System.Globalization.CultureInfo.InvariantCulture) }));

        Assert.Equal("ValidationError", error.ErrorCode);
    }

    private Task<bool> SessionMayAsync(StsCredentials credentials, string action) => SessionSimulator.MayAsync(broker.Services, credentials, action);
}
