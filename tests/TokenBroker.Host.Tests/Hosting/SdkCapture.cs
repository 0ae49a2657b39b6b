using System.Net;
using System.Text;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;

namespace TokenBroker.Host.Tests.Hosting;

/// <summary>
/// Lets the real AWS SDK sign a request for an API Gateway host, captures it instead of sending it, and answers with a
/// canned reply; the test then replays the captured bytes through a payload 2.0 event, as API Gateway would.
/// </summary>
public static class SdkCapture
{
    public static async Task<CapturedRequest> GetCallerIdentityAsync(string serviceUrl, string accessKeyId, string secret)
    {
        var handler = new CapturingHandler();
        using var sts = new AmazonSecurityTokenServiceClient(new BasicAWSCredentials(accessKeyId, secret), new AmazonSecurityTokenServiceConfig
        {
            ServiceURL = serviceUrl,
            AuthenticationRegion = "us-east-1",
            MaxErrorRetry = 0,
            HttpClientFactory = new Factory(handler),
        });
        await sts.GetCallerIdentityAsync(new GetCallerIdentityRequest());
        return handler.Captured!;
    }

    private sealed class Factory(HttpMessageHandler handler) : HttpClientFactory
    {
        public override HttpClient CreateHttpClient(IClientConfig clientConfig) => new(handler, disposeHandler: false);
    }

    private sealed class CapturingHandler : HttpMessageHandler
    {
        private const string Reply = """<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:iam::111111111111:user/x</Arn><UserId>AIDAX</UserId><Account>111111111111</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></GetCallerIdentityResponse>""";

        public CapturedRequest? Captured { get; private set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
            var headers = request.Headers.Concat(request.Content?.Headers ?? Enumerable.Empty<KeyValuePair<string, IEnumerable<string>>>())
                .Select(h => new KeyValuePair<string, string>(h.Key.ToLowerInvariant(), string.Join(",", h.Value)))
                .ToList();
            if (!headers.Any(h => h.Key == "host"))
            {
                headers.Add(new("host", request.RequestUri!.IsDefaultPort ? request.RequestUri.Host : request.RequestUri.Authority));
            }

            Captured = new CapturedRequest(request.Method.Method, request.RequestUri!, headers, body);
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(Reply, Encoding.UTF8, "text/xml") };
        }
    }
}
