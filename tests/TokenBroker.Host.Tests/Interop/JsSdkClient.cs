using System.Text.Json;
using TokenBroker.Tests;

namespace TokenBroker.Host.Tests.Interop;

/// <summary>
/// Runs one STS operation through the AWS SDK for JavaScript v3 (node tests/js-client/sts.mjs) and parses the JSON it
/// prints: the command output, or <c>{"error":{...}}</c> as the SDK parsed a service error.
/// </summary>
public static class JsSdkClient
{
    private static readonly string Script = Repository.File("tests", "js-client", "sts.mjs");

    public static async Task<JsonDocument> RunAsync(Uri endpoint, string operation, object input, IReadOnlyDictionary<string, string> credentials)
    {
        var (exit, stdout, stderr) = await ExternalClient.RunAsync("node", [Script, endpoint.ToString(), operation], credentials,
            JsonSerializer.Serialize(input));

        // Exit 0 prints the output, exit 1 a parsed service error; anything else (a crash, a network error) is a failure.
        Assert.True(exit is 0 or 1 && stdout.Length > 0, $"exit {exit}: {stderr}");
        var json = JsonDocument.Parse(stdout);
        Assert.Equal(exit == 1, json.RootElement.TryGetProperty("error", out _));
        return json;
    }

}
