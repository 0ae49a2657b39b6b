using System.Net.Sockets;
using System.Text;
using TokenBroker.Host.Tests.EndToEnd;

namespace TokenBroker.Host.Tests.Robustness;

/// <summary>
/// A slow-loris body: the client declares a body and sends it below Kestrel's minimum data rate (240 bytes/s after a
/// 5 s grace period). Kestrel ends the read; the broker must answer 408 or 400, never 500.
/// </summary>
public sealed class SlowBodyTests(BrokerFixture broker) : IClassFixture<BrokerFixture>
{
    [Fact]
    public async Task SlowLorisBody_BelowMinimumDataRate_408Or400AndNoErrorLog()
    {
        var logs = LogLevelRecorder.AttachTo(broker.Services);
        string[] paths = ["/", "/saml", "/saml/acs/111111111111/Idp", "/saml/role"];

        // Concurrently: each path waits out Kestrel's 5 s grace period.
        var statuses = await Task.WhenAll(paths.Select(path => SendSlowlyAsync(broker.Endpoint, path)));

        Assert.All(statuses, status => Assert.True(status is 408 or 400, $"status {status}"));
        Assert.Empty(logs.Errors);
    }

    /// <summary>Sends the headers and one byte of a 4 KB body every second until the server answers; returns its status.</summary>
    internal static async Task<int> SendSlowlyAsync(Uri endpoint, string path)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(endpoint.Host, endpoint.Port);
        var stream = client.GetStream();
        var head = $"POST {path} HTTP/1.1\r\nHost: {endpoint.Authority}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 4096\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        var buffer = new byte[4096];
        var read = stream.ReadAsync(buffer).AsTask();
        for (var i = 0; i < 30 && !read.IsCompleted; i++)
        {
            try
            {
                await stream.WriteAsync("A"u8.ToArray());
            }
            catch (IOException)
            {
                break;
            }

            await Task.WhenAny(read, Task.Delay(1000));
        }

        var count = await read.WaitAsync(TimeSpan.FromSeconds(30));
        var text = Encoding.ASCII.GetString(buffer, 0, count);
        Assert.StartsWith("HTTP/1.1 ", text, StringComparison.Ordinal);
        return int.Parse(text.AsSpan(9, 3), System.Globalization.CultureInfo.InvariantCulture);
    }
}
