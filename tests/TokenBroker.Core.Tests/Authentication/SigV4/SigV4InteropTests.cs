using TokenBroker.Core.Authentication.SigV4;
using Xunit;

namespace TokenBroker.Core.Tests.Authentication.SigV4;

/// <summary>Requests signed by botocore/boto3 and by AWSSDK.Core verify with the right secret, and only with it.</summary>
public class SigV4InteropTests
{
    public static TheoryData<string> BotocoreNames => new(BotocoreSigner.Names);

    public static TheoryData<string> SdkNames => new(DotNetSdkSigner.Names);

    [Theory]
    [MemberData(nameof(BotocoreNames))]
    public void Authenticate_BotocoreSignedRequest_Verifies(string name)
    {
        var result = new SigV4Rig().Authenticate(BotocoreSigner.Get(name));

        Assert.True(result.IsSuccess, result.Error?.Message);
    }

    [Theory]
    [MemberData(nameof(SdkNames))]
    public void Authenticate_DotNetSdkSignedRequest_Verifies(string name)
    {
        var result = new SigV4Rig().Authenticate(DotNetSdkSigner.Get(name));

        Assert.True(result.IsSuccess, result.Error?.Message);
    }

    [Theory]
    [MemberData(nameof(BotocoreNames))]
    public void Authenticate_BotocoreSignedRequestWrongSecret_SignatureDoesNotMatch(string name)
    {
        var result = new SigV4Rig().Authenticate(BotocoreSigner.Get(name), "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEZ");

        Assert.Equal("SignatureDoesNotMatch", result.Error?.Code);
        Assert.Equal(403, result.Error?.HttpStatus);
        Assert.Equal(
            "The request signature we calculated does not match the signature you provided. Check your AWS Secret " +
            "Access Key and signing method. Consult the service documentation for details.",
            result.Error?.Message);
    }

    [Theory]
    [MemberData(nameof(SdkNames))]
    public void Authenticate_DotNetSdkSignedRequestWrongSecret_SignatureDoesNotMatch(string name)
    {
        var result = new SigV4Rig().Authenticate(DotNetSdkSigner.Get(name), TestKeys.TemporarySecret + "x");

        Assert.Equal("SignatureDoesNotMatch", result.Error?.Code);
    }

    [Fact]
    public void Parse_BotocoreHeaderForm_ClaimsNameKeyScopeAndTime()
    {
        var claims = new SigV4Rig().Parser.Parse(BotocoreSigner.Get("client-get-caller-identity")).Value;

        Assert.Equal(TestKeys.AccessKeyId, claims.AccessKeyId.Value);
        Assert.Equal(TestKeys.Region, claims.Region);
        Assert.Equal("sts", claims.Service);
        Assert.Equal(TestKeys.SigningTime, claims.SigningTime);
        Assert.Equal("content-type;host;x-amz-date", claims.SignedHeaders);
        Assert.False(claims.IsPresigned);
        Assert.Null(claims.SecurityToken);
    }

    [Theory]
    [InlineData("client-get-caller-identity-session", false)]
    [InlineData("presigned-session", true)]
    public void Parse_BotocoreSessionCredentials_ClaimsSecurityToken(string name, bool presigned)
    {
        var claims = new SigV4Rig().Parser.Parse(BotocoreSigner.Get(name)).Value;

        Assert.Equal(TestKeys.TemporaryAccessKeyId, claims.AccessKeyId.Value);
        Assert.True(claims.AccessKeyId.IsTemporary);
        Assert.Equal(TestKeys.SessionToken, claims.SecurityToken);
        Assert.Equal(presigned, claims.IsPresigned);
    }

    [Fact]
    public void Parse_DotNetSdkSessionCredentials_ClaimsSecurityToken()
    {
        var claims = new SigV4Rig().Parser.Parse(DotNetSdkSigner.Get("sdk-get-session-token-session")).Value;

        Assert.Equal(TestKeys.SessionToken, claims.SecurityToken);
        Assert.Contains("x-amz-security-token", claims.SignedHeaders.Split(';'));
    }

    [Fact]
    public void Parse_DotNetSdkExtraHeaders_CustomHeaderSignedUserAgentNot()
    {
        var claims = new SigV4Rig().Parser.Parse(DotNetSdkSigner.Get("sdk-extra-signed-headers")).Value;

        Assert.Equal("content-type;host;x-amz-content-sha256;x-amz-date;x-amz-meta-note", claims.SignedHeaders);
    }

    [Fact]
    public void Parse_JsSdkHeaderSet_AllSigned()
    {
        var claims = new SigV4Rig().Parser.Parse(BotocoreSigner.Get("raw-js-sdk-header-set")).Value;

        Assert.Equal(
            "amz-sdk-invocation-id;amz-sdk-request;content-length;content-type;host;x-amz-content-sha256;x-amz-date;x-amz-user-agent",
            claims.SignedHeaders);
    }

    [Fact]
    public void Verify_ReturnsTheClaimsItVerified()
    {
        var rig = new SigV4Rig();
        var claims = rig.Parser.Parse(DotNetSdkSigner.Get("sdk-get-caller-identity")).Value;

        var verified = rig.Verifier.Verify(claims, TestKeys.Secret);

        Assert.Same(claims, verified.Value.Claims);
    }

    [Fact]
    public void Verify_SigningKeyCacheOverflows_StillVerifiesEveryKey()
    {
        var rig = new SigV4Rig(cacheCapacity: 1);
        SigV4Request[] requests =
        [
            BotocoreSigner.Get("client-get-caller-identity"), BotocoreSigner.Get("client-get-caller-identity-session"),
            DotNetSdkSigner.Get("sdk-get-caller-identity"), DotNetSdkSigner.Get("sdk-get-session-token-session"),
        ];

        foreach (var request in requests.Concat(requests))
        {
            Assert.True(rig.Authenticate(request).IsSuccess);
        }
    }

    [Fact]
    public void Verify_ConcurrentCallersWithTinyCache_AllVerify()
    {
        var rig = new SigV4Rig(cacheCapacity: 2);
        var requests = BotocoreSigner.Names.Select(BotocoreSigner.Get).Concat(DotNetSdkSigner.Names.Select(DotNetSdkSigner.Get)).ToArray();
        var failures = 0;

        Parallel.For(0, 2000, i =>
        {
            if (!rig.Authenticate(requests[i % requests.Length]).IsSuccess)
            {
                Interlocked.Increment(ref failures);
            }
        });

        Assert.Equal(0, failures);
    }

    [Fact]
    public void Authenticate_UnsignedHeaderChanged_StillVerifies()
    {
        // botocore does not sign User-Agent or amz-sdk-*; proxies may change them without breaking the signature.
        var request = BotocoreSigner.Get("client-get-caller-identity")
            .WithHeader("User-Agent", "changed")
            .WithHeader("amz-sdk-request", "attempt=2");

        Assert.True(new SigV4Rig().Authenticate(request).IsSuccess);
    }
}
