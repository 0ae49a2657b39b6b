using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using TokenBroker.Host.Tests.EndToEnd;

namespace TokenBroker.Host.Tests.DataPlane;

/// <summary>A broker over <see cref="DataPlaneDirectory"/> with no revocation cache (a cutoff applies to the next request), on SQLite or DynamoDB + KMS.</summary>
public sealed class DataPlaneBrokerFixture : BrokerFixture
{
    protected override Core.Model.DirectorySnapshot Snapshot() => DataPlaneDirectory.Snapshot();

    protected override IEnumerable<KeyValuePair<string, string?>> Settings() => [new("TOKENBROKER_REVOCATION_CACHE_SECONDS", "0")];

    /// <summary>The JSON body of POST /authorize for a request signed as a client of <paramref name="url"/> would sign it.</summary>
    public static JsonObject Forwarded(string method, string url, IReadOnlyList<KeyValuePair<string, string>> signedHeaders)
    {
        var headers = new JsonObject();
        foreach (var (name, value) in signedHeaders)
        {
            headers[name] = value;
        }

        return new JsonObject { ["method"] = method, ["url"] = url, ["headers"] = headers };
    }

    /// <summary>POST /authorize with the proxy key; the status and the parsed JSON answer.</summary>
    public async Task<(int Status, JsonElement Body)> AuthorizeAsync(JsonObject payload, string? proxyKey = DataPlaneDirectory.ProxyKeyHeader)
    {
        using var http = Http();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/authorize") { Content = new StringContent(payload.ToJsonString(), Encoding.UTF8, "application/json") };
        if (proxyKey is not null)
        {
            request.Headers.TryAddWithoutValidation("X-TokenBroker-Proxy-Key", proxyKey);
        }

        return await SendAsync(http, request);
    }

    /// <summary>POST /authorize signed with SigV4 for service "tokenbroker" by <paramref name="accessKeyId"/>.</summary>
    public async Task<(int Status, JsonElement Body)> AuthorizeSignedAsync(JsonObject payload, string accessKeyId, string secret)
    {
        SyncClock();
        var body = Encoding.UTF8.GetBytes(payload.ToJsonString());
        var url = new Uri(Endpoint, "/authorize");
        var headers = SdkRequestSigner.Sign("POST", url, "tokenbroker", accessKeyId, secret, body: body,
            headers: new Dictionary<string, string> { ["Content-Type"] = "application/json" });
        using var http = Http();
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        foreach (var (name, value) in headers.Where(h => h.Key is not ("Host" or "Content-Type" or "Content-Length")))
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return await SendAsync(http, request);
    }

    private static async Task<(int, JsonElement)> SendAsync(HttpClient http, HttpRequestMessage request)
    {
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return ((int)response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
    }
}
