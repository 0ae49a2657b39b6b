using System.Security.Cryptography;
using TokenBroker.Core.Authentication.SigV4;
using Xunit;

namespace TokenBroker.Core.Tests.Authentication.SigV4;

/// <summary>Any change to a signed part of a real SDK request is caught as SignatureDoesNotMatch.</summary>
public class SigV4TamperingTests
{
    private static SigV4Request Botocore => BotocoreSigner.Get("client-get-caller-identity");

    private static SigV4Request Sdk => DotNetSdkSigner.Get("sdk-get-caller-identity");

    public static TheoryData<string> Tampered => new(Tamperings.Keys);

    private static readonly Dictionary<string, Func<SigV4Request>> Tamperings = new()
    {
        ["BodyParameterChanged"] = () => Botocore.WithBody("Action=GetSessionToken&Version=2011-06-15"),
        ["BodyParameterAppended"] = () => Botocore.WithBody("Action=GetCallerIdentity&Version=2011-06-15&DurationSeconds=129600"),
        ["SdkBodyChanged"] = () => Sdk.WithBody("Action=GetSessionToken&Version=2011-06-15"),
        ["SdkBodyAndContentSha256Changed"] = () => Sdk.WithBody("Action=GetSessionToken&Version=2011-06-15").WithHeader(
            "X-Amz-Content-SHA256", Convert.ToHexStringLower(SHA256.HashData("Action=GetSessionToken&Version=2011-06-15"u8))),
        ["SignedAmzUserAgentChanged"] = () => BotocoreSigner.Get("raw-js-sdk-header-set").WithHeader("X-Amz-User-Agent", "curl/8.0"),
        ["SignedAmzSdkRequestChanged"] = () => BotocoreSigner.Get("raw-js-sdk-header-set").WithHeader("amz-sdk-request", "attempt=2; max=3"),
        ["SignedContentLengthChanged"] = () => BotocoreSigner.Get("raw-js-sdk-header-set").WithHeader("Content-Length", "44"),
        ["SignedHeaderWhitespaceInsideValueChanged"] = () => DotNetSdkSigner.Get("sdk-extra-signed-headers").WithHeader("X-Amz-Meta-Note", "spacedout value"),
        ["SignedContentTypeChanged"] = () => Botocore.WithHeader("Content-Type", "application/json"),
        ["SignedHeaderRepeated"] = () => Botocore.AddHeader("Content-Type", "text/plain"),
        ["HostChanged"] = () => Botocore.WithHeader("Host", "evil.example"),
        ["HostPortAdded"] = () => Botocore.WithHeader("Host", "sts.local.test:8443"),
        ["SignedHeaderRemoved"] = () => Botocore.WithoutHeader("Content-Type"),
        ["PathChanged"] = () => Botocore with { RawPath = "/admin" },
        ["MethodChanged"] = () => Botocore with { Method = "PUT" },
        ["QueryAdded"] = () => Botocore with { RawQuery = "Action=AssumeRole" },
        ["PresignedQueryValueChanged"] = () => BotocoreSigner.Get("presigned-get-caller-identity")
            .EditQuery(q => q.Replace("Action=GetCallerIdentity", "Action=GetSessionToken", StringComparison.Ordinal)),
        ["PresignedQueryParameterAdded"] = () => BotocoreSigner.Get("presigned-get-caller-identity")
            .EditQuery(q => q + "&DurationSeconds=129600"),
        ["PresignedExpiresExtended"] = () => BotocoreSigner.Get("presigned-expires-60")
            .EditQuery(q => q.Replace("X-Amz-Expires=60", "X-Amz-Expires=900", StringComparison.Ordinal)),
        ["EncodedQueryValueChanged"] = () => BotocoreSigner.Get("raw-repeated-headers-unicode-query")
            .EditQuery(q => q.Replace("%C3%A9", "%C3%A8", StringComparison.Ordinal)),
        ["RepeatedHeaderReordered"] = () => SwapRepeatedCustomHeaders(BotocoreSigner.Get("raw-repeated-headers-unicode-query")),
        ["SignedSessionTokenSwapped"] = () => BotocoreSigner.Get("client-get-caller-identity-session")
            .WithHeader("X-Amz-Security-Token", "another-session-token"),
        ["PresignedSessionTokenSwapped"] = () => BotocoreSigner.Get("presigned-session")
            .EditQuery(q => q.Replace("X-Amz-Security-Token=", "X-Amz-Security-Token=x", StringComparison.Ordinal)),
        ["DateShiftedBySecond"] = () => Botocore.WithHeader("X-Amz-Date", "20261129T120001Z"),
        ["SignatureLastDigitChanged"] = () => Botocore.EditHeader("Authorization", a => a[..^1] + (a[^1] == '0' ? '1' : '0')),
        ["SignatureTruncated"] = () => Botocore.EditHeader("Authorization", a => a[..^2]),
        ["SignatureNotHex"] = () => Botocore.EditHeader("Authorization", a => a[..^1] + "g"),
        ["SignedHeadersShrunk"] = () => Botocore.EditHeader("Authorization", a => a.Replace("content-type;host", "host", StringComparison.Ordinal)),
        ["CredentialKeySwapped"] = () => Botocore.EditHeader("Authorization", a => a.Replace(TestKeys.AccessKeyId, TestKeys.TemporaryAccessKeyId, StringComparison.Ordinal)),
        ["ContentSha256DoesNotMatchBody"] = () => Sdk.WithHeader("X-Amz-Content-SHA256", new string('0', 64)),
        ["UnsignedPayloadClaimed"] = () => Sdk.WithHeader("X-Amz-Content-SHA256", "UNSIGNED-PAYLOAD"),
        ["StreamingPayloadClaimed"] = () => Sdk.WithHeader("X-Amz-Content-SHA256", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD"),
        ["UnsignedContentSha256AddedToBotocore"] = () => Botocore.AddHeader("X-Amz-Content-SHA256", "UNSIGNED-PAYLOAD"),
    };

    [Theory]
    [MemberData(nameof(Tampered))]
    public void Authenticate_TamperedSignedPart_SignatureDoesNotMatch(string tampering)
    {
        var rig = new SigV4Rig();

        var result = rig.Authenticate(Tamperings[tampering]());

        Assert.False(result.IsSuccess);
        Assert.Equal("SignatureDoesNotMatch", result.Error!.Code);
    }

    private static SigV4Request SwapRepeatedCustomHeaders(SigV4Request request)
    {
        var values = request.Headers.Where(h => h.Key == "X-Custom").Select(h => h.Value).Reverse().ToList();
        return request.WithoutHeader("X-Custom").AddHeader("X-Custom", values[0]).AddHeader("X-Custom", values[1]);
    }
}
