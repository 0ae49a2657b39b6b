using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Auth;
using Amazon.SecurityToken;
using Amazon.Util;
using TokenBroker.Core.Authentication.SigV4;

namespace TokenBroker.Benchmarks;

/// <summary>Builds what AmazonSecurityTokenServiceClient sends for a marshalled request, signed by AWSSDK.Core's AWS4Signer.</summary>
internal static class SdkSignedRequest
{
    private const string Endpoint = "https://sts.us-east-1.amazonaws.com";

    public static SigV4Request Sign(IRequest request, string accessKeyId, string secret)
    {
        request.Endpoint = new Uri(Endpoint);
        using (var form = AWSSDKUtils.WriteParametersToPooledStream(request))
        {
            request.Content = form.Content.ToArray();
        }

        request.Headers["Content-Type"] = "application/x-www-form-urlencoded; charset=utf-8";
        request.Headers["User-Agent"] = "aws-sdk-dotnet-coreclr/4.0.102.19 ua/2.1 os/linux lang/.NET_Core#10.0 md/aws-sdk-dotnet-core#4.0";
        var config = new AmazonSecurityTokenServiceConfig { ServiceURL = Endpoint, AuthenticationRegion = "us-east-1" };
        var signed = new AWS4Signer().SignRequest(request, config, null, accessKeyId, secret, TimeProvider.System.GetUtcNow().UtcDateTime);
        request.Headers["Authorization"] = signed.ForAuthorizationHeader;
        return new SigV4Request("POST", "/", "", request.Headers.ToList(), request.Content);
    }
}
