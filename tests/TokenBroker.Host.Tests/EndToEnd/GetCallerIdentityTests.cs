using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;

namespace TokenBroker.Host.Tests.EndToEnd;

public class GetCallerIdentityTests(BrokerFixture broker) : IClassFixture<BrokerFixture>
{
    [Fact]
    public async Task GetCallerIdentity_LongTermKey_ReturnsTheUser()
    {
        using var sts = broker.Client(TestDirectory.AliceKey.AccessKeyId.Value, TestDirectory.AliceKey.SecretAccessKey);

        var identity = await sts.GetCallerIdentityAsync(new GetCallerIdentityRequest());

        Assert.Equal("111111111111", identity.Account);
        Assert.Equal("arn:aws:iam::111111111111:user/alice", identity.Arn);
        Assert.Equal("AIDAALICE000000000001", identity.UserId);
        Assert.False(string.IsNullOrEmpty(identity.ResponseMetadata.RequestId));
    }

    [Fact]
    public async Task GetCallerIdentity_UnknownAccessKey_IsInvalidClientTokenId()
    {
        using var sts = broker.Client("AKIAUNKNOWN000000000", "whatever-secret");

        var error = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => sts.GetCallerIdentityAsync(new GetCallerIdentityRequest()));

        Assert.Equal("InvalidClientTokenId", error.ErrorCode);
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, error.StatusCode);
        Assert.Equal("The security token included in the request is invalid.", error.Message);
    }

    [Fact]
    public async Task GetCallerIdentity_InactiveAccessKey_IsInvalidClientTokenId()
    {
        using var sts = broker.Client(TestDirectory.BobInactiveKey.AccessKeyId.Value, TestDirectory.BobInactiveKey.SecretAccessKey);

        var error = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => sts.GetCallerIdentityAsync(new GetCallerIdentityRequest()));

        Assert.Equal("InvalidClientTokenId", error.ErrorCode);
    }

    [Fact]
    public async Task GetCallerIdentity_WrongSecret_IsSignatureDoesNotMatch()
    {
        using var sts = broker.Client(TestDirectory.AliceKey.AccessKeyId.Value, "not-alice-secret-000000000000000000000000");

        var error = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => sts.GetCallerIdentityAsync(new GetCallerIdentityRequest()));

        Assert.Equal("SignatureDoesNotMatch", error.ErrorCode);
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, error.StatusCode);
    }

    [Fact]
    public async Task GetCallerIdentity_LongTermKeyWithSessionToken_IsInvalidClientTokenId()
    {
        using var sts = broker.Client(new Amazon.Runtime.SessionAWSCredentials(
            TestDirectory.AliceKey.AccessKeyId.Value, TestDirectory.AliceKey.SecretAccessKey, "bogus-token"));

        var error = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => sts.GetCallerIdentityAsync(new GetCallerIdentityRequest()));

        Assert.Equal("InvalidClientTokenId", error.ErrorCode);
    }

    [Fact]
    public async Task GetAccessKeyInfo_KnownKey_ReturnsItsAccount()
    {
        using var sts = broker.Client(TestDirectory.AliceKey.AccessKeyId.Value, TestDirectory.AliceKey.SecretAccessKey);

        var info = await sts.GetAccessKeyInfoAsync(new GetAccessKeyInfoRequest { AccessKeyId = TestDirectory.CarolKey.AccessKeyId.Value });

        Assert.Equal("222222222222", info.Account);
    }

    [Fact]
    public async Task GetAccessKeyInfo_TemporaryKeyOfAnotherAccount_DecodesTheAccount()
    {
        using var sts = broker.Client(TestDirectory.AliceKey.AccessKeyId.Value, TestDirectory.AliceKey.SecretAccessKey);

        var info = await sts.GetAccessKeyInfoAsync(new GetAccessKeyInfoRequest { AccessKeyId = "ASIAY34FZKBOKMUTVV7A" });

        Assert.Equal("609629065308", info.Account);
    }

    [Fact]
    public async Task GetAccessKeyInfo_TooShortKeyId_IsValidationError()
    {
        using var sts = broker.Client(TestDirectory.AliceKey.AccessKeyId.Value, TestDirectory.AliceKey.SecretAccessKey);

        var error = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() =>
            sts.GetAccessKeyInfoAsync(new GetAccessKeyInfoRequest { AccessKeyId = string.Concat("AKIA", "SHORT") }));

        Assert.Equal("ValidationError", error.ErrorCode);
        Assert.Equal("1 validation error detected: Value 'AKIASHORT' at 'accessKeyId' failed to satisfy constraint: Member must have length greater than or equal to 16", error.Message);
    }
}
