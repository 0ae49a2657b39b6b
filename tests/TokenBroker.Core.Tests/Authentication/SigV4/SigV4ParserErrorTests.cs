using TokenBroker.Core.Authentication.SigV4;
using Xunit;

namespace TokenBroker.Core.Tests.Authentication.SigV4;

/// <summary>Each malformed or mis-scoped request, built from a real SDK request with one change, gets AWS's code and wording.</summary>
public class SigV4ParserErrorTests
{
    private const string HeaderDateMissing = "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.";
    private const string AllHeaderPartsMissing =
        "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. " +
        "Authorization header requires 'SignedHeaders' parameter.";

    private static SigV4Request Header => BotocoreSigner.Get("client-get-caller-identity");

    private static SigV4Request Presigned => BotocoreSigner.Get("presigned-get-caller-identity");

    private static readonly Dictionary<string, (Func<SigV4Request> Request, string Code, string Message)> Cases = new()
    {
        ["NoAuthentication"] = (() => Header.WithoutHeader("Authorization"), "MissingAuthenticationToken", "Request is missing Authentication Token"),
        ["EmptyAuthorizationHeader"] = (() => Header.WithHeader("Authorization", " "), "MissingAuthenticationToken", "Request is missing Authentication Token"),
        ["HeaderAndQueryAuthentication"] = (() => Header with { RawQuery = Presigned.RawQuery }, "IncompleteSignature",
            "Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization header should be specified"),
        ["BearerTokenInsteadOfSigV4"] = (() => Header.WithHeader("Authorization", "Bearer eyJhbGciOiJIUzI1NiJ9.e30.c2VjcmV0"), "IncompleteSignature", AllHeaderPartsMissing),
        ["OtherAlgorithm"] = (() => Header.EditHeader("Authorization", a => a.Replace("AWS4-HMAC-SHA256", "AWS4-ECDSA-P256-SHA256", StringComparison.Ordinal)), "IncompleteSignature", AllHeaderPartsMissing),
        ["BearerTokenWithoutDate"] = (() => Header.WithHeader("Authorization", "Bearer abc").WithoutHeader("X-Amz-Date"), "IncompleteSignature", AllHeaderPartsMissing + " " + HeaderDateMissing),
        ["SignatureMissing"] = (() => Header.EditHeader("Authorization", a => a[..a.IndexOf(", Signature=", StringComparison.Ordinal)]), "IncompleteSignature", "Authorization header requires 'Signature' parameter."),
        ["CredentialAndSignedHeadersMissing"] = (() => Header.EditHeader("Authorization", a => "AWS4-HMAC-SHA256 " + a[a.IndexOf("Signature=", StringComparison.Ordinal)..]), "IncompleteSignature",
            "Authorization header requires 'Credential' parameter. Authorization header requires 'SignedHeaders' parameter."),
        ["DateMissing"] = (() => Header.WithoutHeader("X-Amz-Date"), "IncompleteSignature", HeaderDateMissing),
        ["CredentialRepeated"] = (() => Header.EditHeader("Authorization", a => a + ", Credential=AKIAI44QH8DHBEXAMPLE/20261129/us-east-1/sts/aws4_request"), "IncompleteSignature",
            "Authorization header has a repeated 'Credential' parameter."),
        ["AuthorizationHeaderRepeated"] = (() => Header.AddHeader("Authorization", Header.Header("Authorization")), "IncompleteSignature", "Only one Authorization header is allowed."),
        ["CredentialWithFourElements"] = (() => EditCredential(Header, "/aws4_request", ""), "IncompleteSignature",
            "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got 'AKIAIOSFODNN7EXAMPLE/20261129/us-east-1/sts'"),
        ["AccessKeyIdMalformed"] = (() => EditCredential(Header, TestKeys.AccessKeyId, "AK!A"), "InvalidClientTokenId", "The security token included in the request is invalid."),
        ["RegionNotServed"] = (() => EditCredential(Header, "/us-east-1/", "/eu-central-1/"), "SignatureDoesNotMatch", "Credential should be scoped to a valid region, not 'eu-central-1'."),
        ["ServiceNotSts"] = (() => EditCredential(Header, "/sts/", "/iam/"), "SignatureDoesNotMatch", "Credential should be scoped to correct service: 'sts'."),
        ["TerminatorMisspelled"] = (() => EditCredential(Header, "aws4_request", "aws4_reqest"), "SignatureDoesNotMatch",
            "Credential should be scoped with a valid terminator: 'aws4_request', not 'aws4_reqest'."),
        ["ScopeDateDiffersFromRequestDate"] = (() => EditCredential(Header, "/20261129/", "/20261128/"), "SignatureDoesNotMatch",
            "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20261128' != '20261129', from '20261129T120000Z'."),
        ["DateExtendedFormat"] = (() => Header.WithHeader("X-Amz-Date", "2026-11-29T12:00:00Z"), "IncompleteSignature",
            "Date must be in ISO-8601 'basic format'. Got '2026-11-29T12:00:00Z'. See http://en.wikipedia.org/wiki/ISO_8601"),
        ["HostNotSigned"] = (() => EditSignedHeaders(Header, "content-type;x-amz-date"), "IncompleteSignature",
            "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization."),
        ["SignedHeadersUnsorted"] = (() => EditSignedHeaders(Header, "host;content-type;x-amz-date"), "IncompleteSignature", MalformedSignedHeaders),
        ["SignedHeadersUppercase"] = (() => EditSignedHeaders(Header, "content-type;Host;x-amz-date"), "IncompleteSignature", MalformedSignedHeaders),
        ["SignedHeadersDuplicate"] = (() => EditSignedHeaders(Header, "content-type;host;host;x-amz-date"), "IncompleteSignature", MalformedSignedHeaders),
        ["SignedHeadersEmptyName"] = (() => EditSignedHeaders(Header, "content-type;;host;x-amz-date"), "IncompleteSignature", MalformedSignedHeaders),
        ["SecurityTokenHeaderNotSigned"] = (() => EditSignedHeaders(BotocoreSigner.Get("client-get-caller-identity-session"), "content-type;host;x-amz-date"), "IncompleteSignature",
            "'X-Amz-Security-Token' must be a 'SignedHeader' in the AWS Authorization."),
        ["PresignedWithUnsignedSessionTokenHeader"] = (() => Presigned.AddHeader("X-Amz-Security-Token", TestKeys.SessionToken), "IncompleteSignature",
            "'X-Amz-Security-Token' must be a 'SignedHeader' in the AWS Authorization."),
        ["PresignedSignatureMissing"] = (() => RemoveQuery(Presigned, "X-Amz-Signature"), "IncompleteSignature",
            "AWS query-string parameters must include 'X-Amz-Signature'. Re-examine the query-string parameters."),
        ["PresignedAlgorithmAndDateMissing"] = (() => RemoveQuery(RemoveQuery(Presigned, "X-Amz-Algorithm"), "X-Amz-Date"), "IncompleteSignature",
            "AWS query-string parameters must include 'X-Amz-Algorithm'. AWS query-string parameters must include 'X-Amz-Date'. Re-examine the query-string parameters."),
        ["PresignedAlgorithmSha1"] = (() => Presigned.EditQuery(q => q.Replace("AWS4-HMAC-SHA256", "AWS4-HMAC-SHA1", StringComparison.Ordinal)), "IncompleteSignature",
            "X-Amz-Algorithm only supports 'AWS4-HMAC-SHA256'"),
        ["PresignedExpiresZero"] = (() => EditExpires(Presigned, "0"), "IncompleteSignature", MalformedExpires),
        ["PresignedExpiresOverAWeek"] = (() => EditExpires(Presigned, "604801"), "IncompleteSignature", MalformedExpires),
        ["PresignedExpiresNegative"] = (() => EditExpires(Presigned, "-5"), "IncompleteSignature", MalformedExpires),
        ["PresignedExpiresNotANumber"] = (() => EditExpires(Presigned, "1e3"), "IncompleteSignature", MalformedExpires),
        ["PresignedCredentialRepeated"] = (() => Presigned.EditQuery(q => q + "&X-Amz-Credential=AKIAI44QH8DHBEXAMPLE%2F20261129%2Fus-east-1%2Fsts%2Faws4_request"), "IncompleteSignature",
            "AWS query-string parameter 'X-Amz-Credential' appears more than once. Re-examine the query-string parameters."),
        ["PresignedRegionNotServed"] = (() => Presigned.EditQuery(q => q.Replace("%2Fus-east-1%2F", "%2Fap-south-1%2F", StringComparison.Ordinal)), "SignatureDoesNotMatch",
            "Credential should be scoped to a valid region, not 'ap-south-1'."),
        ["PresignedHostNotSigned"] = (() => Presigned.EditQuery(q => q.Replace("X-Amz-SignedHeaders=host", "X-Amz-SignedHeaders=x-amz-date", StringComparison.Ordinal)), "IncompleteSignature",
            "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization."),
    };

    private const string MalformedSignedHeaders = "'SignedHeaders' must be lowercase header names, sorted and unique, separated by ';'.";
    private const string MalformedExpires = "X-Amz-Expires must be an integer number of seconds from 1 to 604800 (one week).";

    public static TheoryData<string> Names => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(Names))]
    public void Parse_MalformedOrMisScopedRequest_AwsErrorCodeAndMessage(string name)
    {
        var (request, code, message) = Cases[name];

        var error = new SigV4Rig().Parser.Parse(request()).Error;

        Assert.NotNull(error);
        Assert.Equal((code, message), (error.Code, error.Message));
        Assert.Equal(code is "IncompleteSignature" ? 400 : 403, error.HttpStatus);
    }

    [Fact]
    public void Parse_BearerTokenSentByMistake_TokenNotEchoed()
    {
        var error = new SigV4Rig().Parser.Parse(Header.WithHeader("Authorization", "Bearer eyJhbGciOiJIUzI1NiJ9.e30.c2VjcmV0")).Error!;

        Assert.DoesNotContain("eyJ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_DateHeaderInsteadOfXAmzDate_UsesRfc1123Date()
    {
        var request = Header.WithoutHeader("X-Amz-Date").AddHeader("Date", "Sun, 29 Nov 2026 12:00:00 GMT");

        var claims = new SigV4Rig().Parser.Parse(request);

        Assert.Equal(TestKeys.SigningTime, claims.Value.SigningTime);
    }

    [Fact]
    public void Parse_PresignedTokenAndInjectedTokenHeader_ClaimsSignedQueryToken()
    {
        var request = BotocoreSigner.Get("presigned-session").AddHeader("X-Amz-Security-Token", "injected");

        var claims = new SigV4Rig().Parser.Parse(request);

        Assert.Equal(TestKeys.SessionToken, claims.Value.SecurityToken);
    }

    [Fact]
    public void Parse_PresignedExpiresOneWeek_Accepted()
    {
        var claims = new SigV4Rig().Parser.Parse(EditExpires(Presigned, "604800"));

        Assert.True(claims.IsSuccess, claims.Error?.Message);
        Assert.True(claims.Value.IsPresigned);
    }

    private static SigV4Request EditCredential(SigV4Request request, string from, string to) =>
        request.EditHeader("Authorization", a =>
        {
            var start = a.IndexOf("Credential=", StringComparison.Ordinal);
            var end = a.IndexOf(',', start);
            return a[..start] + a[start..end].Replace(from, to, StringComparison.Ordinal) + a[end..];
        });

    private static SigV4Request EditSignedHeaders(SigV4Request request, string signedHeaders) =>
        request.EditHeader("Authorization", a =>
        {
            var start = a.IndexOf("SignedHeaders=", StringComparison.Ordinal) + "SignedHeaders=".Length;
            return a[..start] + signedHeaders + a[a.IndexOf(',', start)..];
        });

    private static SigV4Request RemoveQuery(SigV4Request request, string name) =>
        request.EditQuery(q => string.Join('&', q.Split('&').Where(p => !p.StartsWith(name + "=", StringComparison.Ordinal))));

    private static SigV4Request EditExpires(SigV4Request request, string value) =>
        request.EditQuery(q => string.Join('&', q.Split('&').Select(p => p.StartsWith("X-Amz-Expires=", StringComparison.Ordinal) ? "X-Amz-Expires=" + value : p)));
}
