using System.Net;
using System.Net.Sockets;
using Amazon.Runtime;
using Amazon.SecurityToken;

namespace TokenBroker.Host.Tests.EndToEnd.Throttling;

/// <summary>
/// Clients that connect from a chosen loopback address (any of 127.0.0.0/8 reaches the broker on 127.0.0.1), so each
/// test is its own source address to the broker.
/// </summary>
public static class SourceAddress
{
    /// <summary>A plain HTTP client whose connections come from <paramref name="source"/>.</summary>
    public static HttpClient Http(Uri endpoint, string source) => new(Handler(source)) { BaseAddress = endpoint };

    /// <summary>The real SDK, without retries (so Throttling surfaces), connecting from <paramref name="source"/>.</summary>
    public static AmazonSecurityTokenServiceClient Sts(Uri endpoint, string source, string accessKeyId, string secret, ResponseRecorder? recorder = null) =>
        new(new BasicAWSCredentials(accessKeyId, secret), new AmazonSecurityTokenServiceConfig
        {
            ServiceURL = endpoint.ToString(),
            AuthenticationRegion = "us-east-1",
            MaxErrorRetry = 0,
            HttpClientFactory = new Factory(source, recorder),
        });

    private static SocketsHttpHandler Handler(string source) => new()
    {
        ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                socket.Bind(new IPEndPoint(IPAddress.Parse(source), 0));
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };

    private sealed class Factory(string source, ResponseRecorder? recorder) : HttpClientFactory
    {
        public override HttpClient CreateHttpClient(IClientConfig clientConfig)
        {
            if (recorder is null)
            {
                return new HttpClient(Handler(source));
            }

            recorder.InnerHandler = Handler(source);
            return new HttpClient(recorder, disposeHandler: false);
        }
    }
}
