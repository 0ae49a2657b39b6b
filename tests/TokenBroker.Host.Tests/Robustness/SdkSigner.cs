using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Auth;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;

namespace TokenBroker.Host.Tests.Robustness;

/// <summary>Signs an arbitrary form body with AWSSDK.Core's own AWS4Signer, so generated parameters reach the signed operations.</summary>
internal static class SdkSigner
{
    /// <summary>The headers (Authorization, X-Amz-Date, an optional X-Amz-Security-Token, ...) to send with <paramref name="body"/> to <paramref name="endpoint"/>.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Sign(Uri endpoint, byte[] body, string accessKeyId, string secret, string? securityToken = null)
    {
        var request = new DefaultRequest(new GetCallerIdentityRequest(), "AmazonSecurityTokenService")
        {
            Endpoint = endpoint,
            HttpMethod = "POST",
            ResourcePath = "/",
            Content = body,
        };
        request.Headers["Content-Type"] = "application/x-www-form-urlencoded; charset=utf-8";
        if (securityToken is not null)
        {
            request.Headers["X-Amz-Security-Token"] = securityToken;
        }

        var config = new AmazonSecurityTokenServiceConfig { ServiceURL = endpoint.ToString(), AuthenticationRegion = "us-east-1" };
        var result = new AWS4Signer().SignRequest(request, config, null, accessKeyId, secret);
        request.Headers["Authorization"] = result.ForAuthorizationHeader;
        return [.. request.Headers.Where(h => h.Key is not ("Host" or "Content-Type" or "Content-Length"))];
    }
}
