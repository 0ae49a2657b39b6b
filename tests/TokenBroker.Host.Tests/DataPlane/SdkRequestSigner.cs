using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Auth;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;

namespace TokenBroker.Host.Tests.DataPlane;

/// <summary>Signs any HTTP request for any service name with AWSSDK.Core's own AWS4Signer, as a resource server's client would.</summary>
internal static class SdkRequestSigner
{
    /// <summary>The headers to send (Host, X-Amz-Date, Authorization, an optional X-Amz-Security-Token and any given).</summary>
    public static List<KeyValuePair<string, string>> Sign(
        string method, Uri url, string service, string accessKeyId, string secret, string? securityToken = null, byte[]? body = null,
        IReadOnlyDictionary<string, string>? headers = null, string region = "us-east-1", DateTimeOffset? signingTime = null)
    {
        var request = new DefaultRequest(new GetCallerIdentityRequest(), "AmazonSecurityTokenService")
        {
            Endpoint = new Uri(url.GetLeftPart(UriPartial.Authority)),
            HttpMethod = method,
            ResourcePath = url.AbsolutePath,
            Content = body ?? [],
        };
        foreach (var pair in System.Web.HttpUtility.ParseQueryString(url.Query) is { } query ? query.AllKeys.OfType<string>().Select(k => (k, query[k]!)) : [])
        {
            request.Parameters[pair.k] = pair.Item2;
        }

        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers[name] = value;
        }

        if (securityToken is not null)
        {
            request.Headers["X-Amz-Security-Token"] = securityToken;
        }

        var config = new AmazonSecurityTokenServiceConfig { ServiceURL = url.GetLeftPart(UriPartial.Authority), AuthenticationRegion = region, AuthenticationServiceName = service };
        var result = signingTime is { } time
            ? new AWS4Signer().SignRequest(request, config, null, accessKeyId, secret, time.UtcDateTime)
            : new AWS4Signer().SignRequest(request, config, null, accessKeyId, secret);
        request.Headers["Authorization"] = result.ForAuthorizationHeader;
        return [.. request.Headers];
    }
}
