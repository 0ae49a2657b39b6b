using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;

namespace TokenBroker.Host.Tests.EndToEnd;

public class ExpiryTests(WideSkewBrokerFixture broker) : IClassFixture<WideSkewBrokerFixture>
{
    [Fact]
    public async Task GetCallerIdentity_ExpiredSessionCredentials_AreRejectedAsExpired()
    {
        using var sts = broker.Client(TestDirectory.AliceKey.AccessKeyId.Value, TestDirectory.AliceKey.SecretAccessKey);
        var session = (await sts.GetSessionTokenAsync(new GetSessionTokenRequest { DurationSeconds = 900 })).Credentials;
        using var temporary = broker.Client(new Amazon.Runtime.SessionAWSCredentials(session.AccessKeyId, session.SecretAccessKey, session.SessionToken));
        await temporary.GetCallerIdentityAsync(new GetCallerIdentityRequest());

        broker.Time.Advance(TimeSpan.FromSeconds(901));
        var error = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => temporary.GetCallerIdentityAsync(new GetCallerIdentityRequest()));

        Assert.Equal("ExpiredToken", error.ErrorCode);
        Assert.Equal("The security token included in the request is expired", error.Message);
    }
}
