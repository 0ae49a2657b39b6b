using System.Text;
using System.Text.Json;
using TokenBroker.Core.Model;
using TokenBroker.Host.Tests.DataPlane;
using TokenBroker.Host.Tests.EndToEnd;
using TokenBroker.Host.Tests.Interop;

namespace TokenBroker.Host.Tests.AccessAdvisor;

/// <summary>A broker over <see cref="AccessAdvisorDirectory"/> (SQLite, or DynamoDB Local + KMS in test.sh's second pass) with helpers for the stock clients.</summary>
public sealed class AccessAdvisorBrokerFixture : BrokerFixture
{
    protected override DirectorySnapshot Snapshot() => AccessAdvisorDirectory.Snapshot();

    public static Dictionary<string, string> Credentials(AccessKey key) => ExternalClient.Credentials(key.AccessKeyId.Value, key.SecretAccessKey);

    /// <summary>Runs <c>aws ARGS --endpoint-url … --output json</c> with the key's credentials.</summary>
    public Task<(int ExitCode, string Stdout, string Stderr)> AwsAsync(AccessKey key, params string[] arguments)
    {
        SyncClock();
        return ExternalClient.RunAsync("aws", [.. arguments, "--endpoint-url", Endpoint.ToString(), "--output", "json", "--region", "us-east-1"], Credentials(key));
    }

    /// <summary>Runs a Python script with boto3 as the key's user; argv[1] is the endpoint.</summary>
    public Task<(int ExitCode, string Stdout, string Stderr)> Boto3Async(AccessKey key, string script, Uri? endpoint = null)
    {
        SyncClock();
        return ExternalClient.RunAsync("python3", ["-c", script, (endpoint ?? Endpoint).ToString()], Credentials(key));
    }

    /// <summary>POST /authorize (with the proxy key) for <paramref name="method"/> https://api.example.com<paramref name="path"/> signed by the credentials; the decision.</summary>
    public async Task<string> AuthorizeAsync(string method, string path, string accessKeyId, string secret, string? token = null)
    {
        SyncClock();
        var url = "https://api.example.com" + path;
        var payload = DataPlaneBrokerFixture.Forwarded(method, url, SdkRequestSigner.Sign(method, new Uri(url), "orders", accessKeyId, secret, token, region: "us-east-1"));
        using var http = Http();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/authorize") { Content = new StringContent(payload.ToJsonString(), Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("X-TokenBroker-Proxy-Key", AccessAdvisorDirectory.ProxyKeyHeader);
        using var response = await http.SendAsync(request);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("decision").GetString()!;
    }

    /// <summary>The JSON object a script printed as its last line.</summary>
    public static JsonElement Json((int ExitCode, string Stdout, string Stderr) run)
    {
        Assert.True(run.ExitCode == 0, run.Stderr + run.Stdout);
        return JsonDocument.Parse(run.Stdout).RootElement.Clone();
    }
}
