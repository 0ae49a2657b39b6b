using TokenBroker.Host.Logging;

namespace TokenBroker.Host.Tests.Logging;

/// <summary>The masking rules, by class: every spelling of a sensitive name, every way a value is written.</summary>
public sealed class LogRedactionTests
{
    [Theory]
    [InlineData("GET /?X-Amz-Signature=abc123&Action=GetCallerIdentity", "GET /?X-Amz-Signature=***&Action=GetCallerIdentity")]
    [InlineData("GET /?x-amz-signature=abc123", "GET /?x-amz-signature=***")]
    [InlineData("GET /?X-AMZ-SECURITY-TOKEN=FwoG%2Babc&b=1", "GET /?X-AMZ-SECURITY-TOKEN=***&b=1")]
    [InlineData("?X-Amz-Credential=AKIAEXAMPLE%2F20261206%2Fus-east-1%2Fsts%2Faws4_request&X-Amz-Date=20261206T000000Z",
        "?X-Amz-Credential=***&X-Amz-Date=20261206T000000Z")]
    [InlineData("?WebIdentityToken=opaque-token&RoleSessionName=s", "?WebIdentityToken=***&RoleSessionName=s")]
    [InlineData("?SAMLAssertion=PHNhbWw%3D&x=1", "?SAMLAssertion=***&x=1")]
    [InlineData("SAMLResponse=PHNhbWw%3D&RelayState=go", "SAMLResponse=***&RelayState=***")]
    [InlineData("?TokenCode=123456&SerialNumber=arn", "?TokenCode=***&SerialNumber=arn")]
    [InlineData("?tokencode=123456", "?tokencode=***")]
    [InlineData("?SessionToken=s1&SecretAccessKey=s2&Password=s3", "?SessionToken=***&SecretAccessKey=***&Password=***")]
    [InlineData("?AuthenticationCode1=111111&AuthenticationCode2=222222", "?AuthenticationCode1=***&AuthenticationCode2=***")]
    [InlineData("state=sealed&role=arn", "state=***&role=arn")]
    public void Redact_SensitiveQueryOrFormParameter_ValueMasked(string text, string expected) =>
        Assert.Equal(expected, LogRedaction.Redact(text));

    [Theory]
    [InlineData("?X%2DAmz%2DSignature=abc123&a=b", "?X%2DAmz%2DSignature=***&a=b")]
    [InlineData("?%54okenCode=123456", "?%54okenCode=***")]
    [InlineData("next=%2F%3FX-Amz-Signature%3Dabc123%26a%3Db", "next=%2F%3FX-Amz-Signature%3D***%26a%3Db")]
    public void Redact_PercentEncodedNameOrSeparator_ValueMasked(string text, string expected) =>
        Assert.Equal(expected, LogRedaction.Redact(text));

    [Theory]
    [InlineData("Authorization: AWS4-HMAC-SHA256 Credential=AKIA/20261206/us-east-1/sts/aws4_request, SignedHeaders=host, Signature=abc\nnext line",
        "Authorization: ***\nnext line")]
    [InlineData("cookie: tokenbroker-saml=binding; other=1", "cookie: ***")]
    [InlineData("X-Amz-Security-Token : FwoGZXIvYXdzE", "X-Amz-Security-Token : ***")]
    [InlineData("Proxy-Authorization: Basic dXNlcjpwYXNz", "Proxy-Authorization: ***")]
    [InlineData("Set-Cookie: a=b", "Set-Cookie: ***")]
    [InlineData("Invalid request header: 'X-Amz-Security-Token FwoGZXIvYXdz\\x0D\\x0A'", "Invalid request header: 'X-Amz-Security-Token ***'")]
    [InlineData("Invalid request header: 'Authorization  AWS4-HMAC-SHA256 Credential=x'", "Invalid request header: 'Authorization  *** Credential=***'")]
    public void Redact_SensitiveHeaderLine_ValueMaskedToEndOfLine(string text, string expected) =>
        Assert.Equal(expected, LogRedaction.Redact(text));

    [Theory]
    [InlineData("Credential=AKIA/20261206/us-east-1/sts/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc",
        "Credential=***, SignedHeaders=host;x-amz-date, Signature=***")]
    [InlineData("{\"Authorization\":\"AWS4 x\",\"Path\":\"/\"}", "{\"Authorization\":\"***\",\"Path\":\"/\"}")]
    [InlineData("{\"WebIdentityToken\": \"tok\"}", "{\"WebIdentityToken\": \"***\"}")]
    [InlineData("Signature=\"abc def\" rest", "Signature=\"***\" rest")]
    public void Redact_AuthorizationPartsAndJson_ValueMasked(string text, string expected) =>
        Assert.Equal(expected, LogRedaction.Redact(text));

    [Fact]
    public void Redact_UnnamedJsonWebToken_Masked()
    {
        var text = "token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhIn0.c2lnbmF0dXJl was refused";

        Assert.Equal("token *** was refused", LogRedaction.Redact(text));
    }

    [Fact]
    public void Redact_UnnamedLongBase64Run_Masked()
    {
        var secret = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(96));

        Assert.Equal("value ***", LogRedaction.Redact("value " + secret).TrimEnd('='));
    }

    [Theory]
    [InlineData("Request starting HTTP/1.1 POST http://127.0.0.1:4599/?Action=AssumeRole&Version=2011-06-15 - application/x-www-form-urlencoded 137")]
    [InlineData("Request finished HTTP/1.1 GET http://127.0.0.1:4599/health - 200 2 text/plain 1.2345ms")]
    [InlineData("Action=GetSessionToken&RoleSessionName=session-token&SessionTokenSize=12")]
    [InlineData("Connection id \"0HNQJNHV1PNQL\" started.")]
    [InlineData("Authorization failed for the request.")]
    [InlineData("Signature invalid")]
    public void Redact_NothingSensitive_Unchanged(string text) => Assert.Same(text, LogRedaction.Redact(text));

    [Theory]
    [InlineData("X-Amz-Signature")]
    [InlineData("x_amz_security_token")]
    [InlineData("id_token")]
    [InlineData("Authorization")]
    [InlineData("Cookie")]
    [InlineData("SAMLAssertion")]
    [InlineData("samlresponse")]
    [InlineData("TokenCode")]
    [InlineData("WebIdentityToken")]
    [InlineData("client_secret")]
    public void IsSensitiveName_BearerParameterOrHeader_True(string name) => Assert.True(LogRedaction.IsSensitiveName(name));

    [Theory]
    [InlineData("RoleArn")]
    [InlineData("RoleSessionName")]
    [InlineData("SerialNumber")]
    [InlineData("RequestPath")]
    [InlineData("SessionTokenSize")]
    public void IsSensitiveName_OrdinaryParameter_False(string name) => Assert.False(LogRedaction.IsSensitiveName(name));
}
