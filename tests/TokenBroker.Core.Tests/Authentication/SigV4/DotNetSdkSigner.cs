using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Auth;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using Amazon.SecurityToken.Model.Internal.MarshallTransformations;
using Amazon.Util;
using TokenBroker.Core.Authentication.SigV4;

namespace TokenBroker.Core.Tests.Authentication.SigV4;

/// <summary>
/// Requests marshalled by AWSSDK.SecurityToken and signed by AWSSDK.Core's own AWS4Signer / AWS4PreSignedUrlSigner
/// at <see cref="TestKeys.SigningTime"/>, with the headers the SDK pipeline adds before signing.
/// </summary>
internal static class DotNetSdkSigner
{
    private const string Endpoint = "http://sts.local.test";

    public static readonly IReadOnlyList<string> Names =
    [
        "sdk-get-caller-identity", "sdk-get-session-token-session", "sdk-extra-signed-headers", "sdk-assume-role-unicode",
        "sdk-presigned-get-caller-identity",
    ];

    public static SigV4Request Get(string name) => name switch
    {
        "sdk-get-caller-identity" => Sign(new GetCallerIdentityRequestMarshaller().Marshall(new GetCallerIdentityRequest())),
        "sdk-get-session-token-session" => Sign(
            new GetSessionTokenRequestMarshaller().Marshall(new GetSessionTokenRequest { DurationSeconds = 900 }),
            TestKeys.TemporaryAccessKeyId, TestKeys.TemporarySecret, TestKeys.SessionToken),
        "sdk-extra-signed-headers" => Sign(
            new GetCallerIdentityRequestMarshaller().Marshall(new GetCallerIdentityRequest()),
            extraHeaders: new Dictionary<string, string>
            {
                ["User-Agent"] = "aws-sdk-dotnet-coreclr/4.0.102.19 ua/2.1 os/linux md/test",
                ["X-Amz-Meta-Note"] = "  spaced    out  value ",
            }),
        "sdk-assume-role-unicode" => Sign(new AssumeRoleRequestMarshaller().Marshall(new AssumeRoleRequest
        {
            RoleArn = "arn:aws:iam::111111111111:role/demo",
            RoleSessionName = "alice+ops=1,a.b@c-d",
            Policy = "{\"Statement\":[{\"Sid\":\"é ü ~*'()!\",\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"}]}",
        })),
        "sdk-presigned-get-caller-identity" => Presign(new GetCallerIdentityRequestMarshaller().Marshall(new GetCallerIdentityRequest()), 900),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    private static SigV4Request Sign(
        IRequest request,
        string accessKeyId = TestKeys.AccessKeyId,
        string secret = TestKeys.Secret,
        string? token = null,
        Dictionary<string, string>? extraHeaders = null)
    {
        request.Endpoint = new Uri(Endpoint);
        // What the SDK pipeline does before signing a Query-protocol call: form body, content type, session token.
        using (var form = AWSSDKUtils.WriteParametersToPooledStream(request))
        {
            request.Content = form.Content.ToArray();
        }

        request.Headers["Content-Type"] = "application/x-www-form-urlencoded; charset=utf-8";
        if (token is not null)
        {
            request.Headers["X-Amz-Security-Token"] = token;
        }

        foreach (var (name, value) in extraHeaders ?? [])
        {
            request.Headers[name] = value;
        }

        var result = new AWS4Signer().SignRequest(request, Config(), null, accessKeyId, secret, TestKeys.SigningTime.UtcDateTime);
        request.Headers["Authorization"] = result.ForAuthorizationHeader;
        return new SigV4Request("POST", "/", "", request.Headers.ToList(), request.Content);
    }

    private static SigV4Request Presign(IRequest request, int expiresSeconds)
    {
        request.Endpoint = new Uri(Endpoint);
        request.HttpMethod = "GET";
        request.UseQueryString = true;
        request.Parameters["X-Amz-Expires"] = expiresSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var result = AWS4PreSignedUrlSigner.SignRequest(
            request, Config(), null, TestKeys.AccessKeyId, TestKeys.Secret, "sts", TestKeys.Region, TestKeys.SigningTime.UtcDateTime);
        var parameters = request.Parameters.Select(p => p.Key + "=" + AWSSDKUtils.UrlEncode(p.Value.ToString(), false));
        var query = string.Join('&', parameters) + "&" + result.ForQueryParameters;
        return new SigV4Request("GET", "/", query, request.Headers.ToList(), ReadOnlyMemory<byte>.Empty);
    }

    private static AmazonSecurityTokenServiceConfig Config() =>
        new() { ServiceURL = Endpoint, AuthenticationRegion = TestKeys.Region };
}
