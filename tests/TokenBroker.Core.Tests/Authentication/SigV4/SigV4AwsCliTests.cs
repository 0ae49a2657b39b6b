using Microsoft.Extensions.Time.Testing;
using TokenBroker.Core.Authentication.SigV4;
using Xunit;

namespace TokenBroker.Core.Tests.Authentication.SigV4;

/// <summary>The preinstalled `aws` CLI's own requests, captured off a loopback socket, verify.</summary>
public class SigV4AwsCliTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Authenticate_AwsCliGetCallerIdentity_Verifies(bool withSessionToken)
    {
        var request = withSessionToken
            ? await AwsCliCapture.GetCallerIdentityAsync(TestKeys.TemporaryAccessKeyId, TestKeys.TemporarySecret, TestKeys.SessionToken)
            : await AwsCliCapture.GetCallerIdentityAsync(TestKeys.AccessKeyId, TestKeys.Secret, null);
        var options = new SigV4Options { Regions = new HashSet<string> { TestKeys.Region } };
        var parser = new SigV4Parser(options, new FakeTimeProvider(DateTimeOffset.UtcNow));

        var claims = parser.Parse(request);
        var verified = new SigV4Verifier(options).Verify(claims.Value, withSessionToken ? TestKeys.TemporarySecret : TestKeys.Secret);

        Assert.True(verified.IsSuccess, verified.Error?.Message);
        Assert.Equal(withSessionToken ? TestKeys.SessionToken : null, claims.Value.SecurityToken);
    }
}
