using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using OtpNet;

namespace TokenBroker.Host.Tests.EndToEnd;

public class GetSessionTokenTests(BrokerFixture broker) : IClassFixture<BrokerFixture>
{
    private AmazonSecurityTokenServiceClient Alice() =>
        broker.Client(TestDirectory.AliceKey.AccessKeyId.Value, TestDirectory.AliceKey.SecretAccessKey);

    private AmazonSecurityTokenServiceClient Carol() =>
        broker.Client(TestDirectory.CarolKey.AccessKeyId.Value, TestDirectory.CarolKey.SecretAccessKey);

    [Fact]
    public async Task GetSessionToken_Defaults_ReturnsTwelveHourAsiaCredentials()
    {
        using var sts = Alice();
        var before = broker.Time.GetUtcNow();

        var response = await sts.GetSessionTokenAsync(new GetSessionTokenRequest());

        var credentials = response.Credentials;
        Assert.StartsWith("ASIA", credentials.AccessKeyId, StringComparison.Ordinal);
        Assert.Equal(40, credentials.SecretAccessKey.Length);
        Assert.InRange(credentials.SessionToken.Length, 100, 4096);
        var expiration = new DateTimeOffset(credentials.Expiration!.Value.ToUniversalTime());
        Assert.InRange((expiration - before).TotalSeconds, 43200 - 2, 43200 + 2);
    }

    [Fact]
    public async Task GetSessionToken_Credentials_AuthenticateAsTheUser()
    {
        using var sts = Alice();
        var session = (await sts.GetSessionTokenAsync(new GetSessionTokenRequest { DurationSeconds = 900 })).Credentials;

        using var temporary = broker.Client(new Amazon.Runtime.SessionAWSCredentials(session.AccessKeyId, session.SecretAccessKey, session.SessionToken));
        var identity = await temporary.GetCallerIdentityAsync(new GetCallerIdentityRequest());

        Assert.Equal("arn:aws:iam::111111111111:user/alice", identity.Arn);
        Assert.Equal("AIDAALICE000000000001", identity.UserId);
        Assert.Equal("111111111111", identity.Account);
    }

    [Fact]
    public async Task GetSessionToken_WithSessionCredentials_IsAccessDenied()
    {
        using var sts = Alice();
        var session = (await sts.GetSessionTokenAsync(new GetSessionTokenRequest { DurationSeconds = 900 })).Credentials;
        using var temporary = broker.Client(new Amazon.Runtime.SessionAWSCredentials(session.AccessKeyId, session.SecretAccessKey, session.SessionToken));

        var error = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => temporary.GetSessionTokenAsync(new GetSessionTokenRequest()));

        Assert.Equal("AccessDenied", error.ErrorCode);
        Assert.Equal("Cannot call GetSessionToken with session credentials", error.Message);
    }

    [Fact]
    public async Task GetSessionToken_TamperedSessionToken_IsInvalidClientTokenId()
    {
        using var sts = Alice();
        var session = (await sts.GetSessionTokenAsync(new GetSessionTokenRequest { DurationSeconds = 900 })).Credentials;
        var bytes = Convert.FromBase64String(session.SessionToken);
        bytes[bytes.Length / 2] ^= 0x01;
        using var temporary = broker.Client(new Amazon.Runtime.SessionAWSCredentials(session.AccessKeyId, session.SecretAccessKey, Convert.ToBase64String(bytes)));

        var error = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => temporary.GetCallerIdentityAsync(new GetCallerIdentityRequest()));

        Assert.Equal("InvalidClientTokenId", error.ErrorCode);
    }

    [Fact]
    public async Task GetSessionToken_TokenOfAnotherKeyId_IsInvalidClientTokenId()
    {
        using var sts = Alice();
        var first = (await sts.GetSessionTokenAsync(new GetSessionTokenRequest { DurationSeconds = 900 })).Credentials;
        var second = (await sts.GetSessionTokenAsync(new GetSessionTokenRequest { DurationSeconds = 900 })).Credentials;
        using var swapped = broker.Client(new Amazon.Runtime.SessionAWSCredentials(first.AccessKeyId, first.SecretAccessKey, second.SessionToken));

        var error = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => swapped.GetCallerIdentityAsync(new GetCallerIdentityRequest()));

        Assert.Equal("InvalidClientTokenId", error.ErrorCode);
    }

    [Fact]
    public async Task GetSessionToken_AsiaKeyWithoutToken_IsInvalidClientTokenId()
    {
        using var sts = Alice();
        var session = (await sts.GetSessionTokenAsync(new GetSessionTokenRequest { DurationSeconds = 900 })).Credentials;
        using var tokenless = broker.Client(session.AccessKeyId, session.SecretAccessKey);

        var error = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => tokenless.GetCallerIdentityAsync(new GetCallerIdentityRequest()));

        Assert.Equal("InvalidClientTokenId", error.ErrorCode);
    }

    [Theory]
    [InlineData(899, "Value '899' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900")]
    [InlineData(129601, "Value '129601' at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to 129600")]
    public async Task GetSessionToken_DurationOutOfRange_IsValidationError(int duration, string violation)
    {
        using var sts = Alice();

        var error = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() =>
            sts.GetSessionTokenAsync(new GetSessionTokenRequest { DurationSeconds = duration }));

        Assert.Equal("ValidationError", error.ErrorCode);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Equal("1 validation error detected: " + violation, error.Message);
    }

    [Fact]
    public async Task GetSessionToken_ValidMfaCode_Succeeds_AndTheSameCodeIsRefusedAfterwards()
    {
        using var sts = Carol();
        var code = new Totp(TestDirectory.CarolMfaSeed).ComputeTotp(broker.Time.GetUtcNow().UtcDateTime);
        var request = new GetSessionTokenRequest { DurationSeconds = 900, SerialNumber = TestDirectory.CarolMfaSerial, TokenCode = code };

        var response = await sts.GetSessionTokenAsync(request);
        var replay = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => sts.GetSessionTokenAsync(request));

        Assert.StartsWith("ASIA", response.Credentials.AccessKeyId, StringComparison.Ordinal);
        Assert.Equal("AccessDenied", replay.ErrorCode);
        Assert.Equal("MultiFactorAuthentication failed with invalid MFA one time pass code.", replay.Message);
    }

    [Fact]
    public async Task GetSessionToken_WrongMfaCode_IsAccessDenied()
    {
        using var sts = Alice();
        var code = new Totp(TestDirectory.AliceMfaSeed).ComputeTotp(broker.Time.GetUtcNow().UtcDateTime.AddMinutes(-5));

        var error = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => sts.GetSessionTokenAsync(
            new GetSessionTokenRequest { SerialNumber = TestDirectory.AliceMfaSerial, TokenCode = code }));

        Assert.Equal("AccessDenied", error.ErrorCode);
        Assert.Equal("MultiFactorAuthentication failed with invalid MFA one time pass code.", error.Message);
    }

    [Fact]
    public async Task GetSessionToken_AnotherUsersMfaDevice_IsAccessDenied()
    {
        using var sts = Alice();
        var code = new Totp(TestDirectory.CarolMfaSeed).ComputeTotp(broker.Time.GetUtcNow().UtcDateTime);

        var error = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => sts.GetSessionTokenAsync(
            new GetSessionTokenRequest { SerialNumber = TestDirectory.CarolMfaSerial, TokenCode = code }));

        Assert.Equal("AccessDenied", error.ErrorCode);
        Assert.StartsWith("MultiFactorAuthentication failed, unable to validate MFA code.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetSessionToken_SerialNumberWithoutCode_IsAccessDenied()
    {
        using var sts = Alice();

        var error = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => sts.GetSessionTokenAsync(
            new GetSessionTokenRequest { SerialNumber = TestDirectory.AliceMfaSerial }));

        Assert.Equal("AccessDenied", error.ErrorCode);
        Assert.Equal("MultiFactorAuthentication failed, must provide both MFA serial number and one time pass code.", error.Message);
    }

    [Fact]
    public async Task GetSessionToken_NonNumericTokenCode_IsValidationErrorWithoutEchoingTheCode()
    {
        using var sts = Alice();

        var error = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => sts.GetSessionTokenAsync(
            new GetSessionTokenRequest { SerialNumber = TestDirectory.AliceMfaSerial, TokenCode = string.Concat("12a", "456") }));

        Assert.Equal("ValidationError", error.ErrorCode);
        Assert.DoesNotContain("12a456", error.Message, StringComparison.Ordinal);
    }
}
