using System.Net.Sockets;
using System.Text;
using TokenBroker.Aws.Tests;
using TokenBroker.Embedded;
using TokenBroker.Host.Tests.Hosting;
using TokenBroker.Host.Tests.Logging;
using TokenBroker.Tests;

namespace TokenBroker.Host.Tests.EndToEnd;

/// <summary>
/// Bearer material never reaches the log: the broker runs as its own process with every category at Trace, is driven
/// with every operation in every form, and its whole stdout and stderr is searched for what the requests carried.
/// </summary>
public sealed class BrokerLogTests
{
    [Fact]
    public async Task PresignedUrlsTokensAssertionsCodesAndCookies_TraceLoggingOnKestrel_NeverLogged()
    {
        var data = Directory.CreateTempSubdirectory("tokenbroker-logs-").FullName;
        try
        {
            var port = LoopbackPort.Free();
            var endpoint = new Uri($"http://127.0.0.1:{port}/");
            var stores = await StoreSettingsAsync(data);
            await using var broker = BrokerProcess.Start([.. stores, .. BrokerProcess.TraceLogging], "--urls", endpoint.ToString().TrimEnd('/'));
            await broker.WaitForHealthAsync(endpoint);
            using var http = new HttpClient();
            var requests = new BearerRequests(endpoint, request => SendAsync(http, request));

            await requests.RunAsync();
            var malformed = await SendMalformedHeaderAsync(port, RandomHex(), RandomHex());
            requests.Secrets.AddRange(malformed);
            var log = await broker.StopAsync();

            AssertDrivenAndLogged(requests, log);
            Assert.Contains("Microsoft.AspNetCore.Server.Kestrel", log, StringComparison.Ordinal);
            Assert.Contains("Invalid request header", log, StringComparison.Ordinal);
            LogAssert.NoBearerMaterial(log, requests);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    /// <summary>Every operation was answered (none with a 5xx), the ones that should work did, and the log is verbose.</summary>
    internal static void AssertDrivenAndLogged(BearerRequests requests, string log)
    {
        Assert.All(requests.Answers, answer => Assert.True(answer.Status is >= 200 and < 500, $"{answer.Label}: {answer.Status} {answer.Body}"));
        foreach (var works in new[] { "GetCallerIdentity", "GetAccessKeyInfo", "AssumeRole", "GetFederationToken", "GetCallerIdentity (session)" })
        {
            Assert.Contains(requests.Answers, a => a.Label.StartsWith(works + " ", StringComparison.Ordinal) && a.Status == 200);
        }

        // JSON lines: the broker's default when stdout is not a terminal, as here.
        Assert.Contains("\"LogLevel\":\"Trace\"", log, StringComparison.Ordinal);
        Assert.Contains("\"Category\":\"TokenBroker.Host.Observability.RequestTelemetry\"", log, StringComparison.Ordinal);
        Assert.Contains("Request starting", log, StringComparison.Ordinal);
        foreach (var action in new[] { "GetCallerIdentity", "GetSessionToken", "GetAccessKeyInfo", "AssumeRole&", "GetFederationToken",
            "AssumeRoleWithWebIdentity", "AssumeRoleWithSAML" })
        {
            Assert.Contains("Action=" + action, log, StringComparison.Ordinal);
        }

        // The values were there to log, and were masked.
        Assert.Contains("X-Amz-Signature=***", log, StringComparison.Ordinal);
        Assert.Contains("X-Amz-Security-Token=***", log, StringComparison.Ordinal);
        Assert.Contains("WebIdentityToken=***", log, StringComparison.Ordinal);
        Assert.Contains("SAMLAssertion=***", log, StringComparison.Ordinal);
    }

    internal static string RandomHex() => Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    private static async Task<IEnumerable<KeyValuePair<string, string>>> StoreSettingsAsync(string data)
    {
        if (BrokerFixture.UseDynamoDb)
        {
            var settings = await DynamoDbStores.CreateAsync(TestDirectory.Snapshot());
            return settings.Select(s => new KeyValuePair<string, string>(s.Key, s.Value!));
        }

        using var store = await EmbeddedStore.CreateAsync(data, CancellationToken.None);
        await store.Directory.ReplaceAsync(TestDirectory.Snapshot(), CancellationToken.None);
        return [new("TOKENBROKER_DATA", data)];
    }

    private static async Task<(int Status, string Body)> SendAsync(HttpClient http, CapturedRequest request)
    {
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), request.Uri);
        if (request.Method == "POST")
        {
            message.Content = new ByteArrayContent(request.Body);
        }

        foreach (var (name, value) in request.Headers)
        {
            if (name == "content-type")
            {
                message.Content!.Headers.TryAddWithoutValidation(name, value);
            }
            else if (name is not ("host" or "content-length"))
            {
                message.Headers.TryAddWithoutValidation(name, value);
            }
        }

        using var response = await http.SendAsync(message);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    // A header line without its colon: Kestrel refuses it and its bad-request diagnostics quote the line.
    private static async Task<string[]> SendMalformedHeaderAsync(int port, string signature, string token)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            "GET /?Action=GetCallerIdentity&X-Amz-Signature=" + signature + " HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Amz-Security-Token " + token + "\r\n\r\n"));
        var buffer = new byte[4096];
        var read = await stream.ReadAsync(buffer);
        Assert.StartsWith("HTTP/1.1 400", Encoding.ASCII.GetString(buffer, 0, read), StringComparison.Ordinal);
        return [signature, token];
    }
}
