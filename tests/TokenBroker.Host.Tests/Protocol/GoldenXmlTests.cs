using System.Text;
using TokenBroker.Core.Credentials;
using TokenBroker.Core.Errors;
using TokenBroker.Core.Model;
using TokenBroker.Host.Query;

namespace TokenBroker.Host.Tests.Protocol;

public class GoldenXmlTests
{
    private const string Declaration = "<?xml version=\"1.0\" encoding=\"utf-8\"?>";

    [Fact]
    public void Success_GetCallerIdentity_MatchesAwsShape()
    {
        var xml = RenderedXml.Success("GetCallerIdentity", "01234567-89ab-cdef-0123-456789abcdef", w =>
        {
            w.Element("Arn", "arn:aws:iam::111111111111:user/alice");
            w.Element("UserId", "AIDAALICE000000000001");
            w.Element("Account", "111111111111");
        });

        Assert.Equal(
            Declaration +
            "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><GetCallerIdentityResult>" +
            "<Arn>arn:aws:iam::111111111111:user/alice</Arn><UserId>AIDAALICE000000000001</UserId><Account>111111111111</Account>" +
            "</GetCallerIdentityResult><ResponseMetadata><RequestId>01234567-89ab-cdef-0123-456789abcdef</RequestId></ResponseMetadata>" +
            "</GetCallerIdentityResponse>",
            Encoding.UTF8.GetString(xml));
    }

    [Fact]
    public void Success_GetSessionToken_MatchesAwsShape()
    {
        var credentials = new TemporaryCredentials(
            AccessKeyId.Parse("ASIAY34FZKBOKMUTVV7A"), "secret", "token", new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));

        var xml = RenderedXml.Success("GetSessionToken", "r1", w => StsOperations.WriteCredentials(w, credentials));

        Assert.Equal(
            Declaration +
            "<GetSessionTokenResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><GetSessionTokenResult>" +
            "<Credentials><AccessKeyId>ASIAY34FZKBOKMUTVV7A</AccessKeyId><SecretAccessKey>secret</SecretAccessKey>" +
            "<SessionToken>token</SessionToken><Expiration>2026-01-02T03:04:05Z</Expiration></Credentials>" +
            "</GetSessionTokenResult><ResponseMetadata><RequestId>r1</RequestId></ResponseMetadata></GetSessionTokenResponse>",
            Encoding.UTF8.GetString(xml));
    }

    [Fact]
    public void Success_GetAccessKeyInfo_MatchesAwsShape()
    {
        var xml = RenderedXml.Success("GetAccessKeyInfo", "r2", w => w.Element("Account", "111111111111"));

        Assert.Equal(
            Declaration +
            "<GetAccessKeyInfoResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><GetAccessKeyInfoResult>" +
            "<Account>111111111111</Account></GetAccessKeyInfoResult><ResponseMetadata><RequestId>r2</RequestId></ResponseMetadata>" +
            "</GetAccessKeyInfoResponse>",
            Encoding.UTF8.GetString(xml));
    }

    [Fact]
    public void Error_MatchesAwsShape()
    {
        var xml = StsXml.Error(StsErrors.MissingAuthenticationToken(), "4fc0d3ee-efef-11e9-9282-3b7bffe54a9b");

        Assert.Equal(
            Declaration +
            "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender</Type>" +
            "<Code>MissingAuthenticationToken</Code><Message>Request is missing Authentication Token</Message></Error>" +
            "<RequestId>4fc0d3ee-efef-11e9-9282-3b7bffe54a9b</RequestId></ErrorResponse>",
            Encoding.UTF8.GetString(xml));
    }

    [Fact]
    public void Error_ServerFault_IsReceiver()
    {
        var xml = Encoding.UTF8.GetString(StsXml.Error(StsErrors.InternalFailure(), "r3"));

        Assert.Contains("<Type>Receiver</Type><Code>InternalFailure</Code>", xml, StringComparison.Ordinal);
    }

    [Fact]
    public void Error_MessageWithControlCharacters_StaysWellFormed()
    {
        var xml = Encoding.UTF8.GetString(StsXml.Error(StsErrors.ValidationError("bad \u0001 value <&>"), "r4"));

        Assert.Contains("<Message>bad  value &lt;&amp;&gt;</Message>", xml, StringComparison.Ordinal);
    }
}
