using System.Text.Json;

namespace TokenBroker.Host.Tests.Interop;

/// <summary>
/// Runs one STS operation through the AWS SDK for JavaScript v3 (node tests/js-client/sts.mjs) and parses the JSON it
/// prints: the command output, or <c>{"error":{...}}</c> as the SDK parsed a service error.
/// </summary>
public static class JsSdkClient
{
    private static readonly string Script = Path.Combine(RepositoryRoot(), "tests", "js-client", "sts.mjs");

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

    /// <summary>The environment ExternalClient hands the script: long-term keys, or session credentials.</summary>
    public static Dictionary<string, string> Credentials(string accessKeyId, string secretAccessKey, string? sessionToken = null)
    {
        var environment = new Dictionary<string, string>
        {
            ["AWS_ACCESS_KEY_ID"] = accessKeyId,
            ["AWS_SECRET_ACCESS_KEY"] = secretAccessKey,
        };
        if (sessionToken is not null)
        {
            environment["AWS_SESSION_TOKEN"] = sessionToken;
        }

        return environment;
    }

    /// <summary>The same environment for the Credentials element of an STS response.</summary>
    public static Dictionary<string, string> Credentials(JsonElement credentials) => Credentials(
        credentials.GetProperty("AccessKeyId").GetString()!,
        credentials.GetProperty("SecretAccessKey").GetString()!,
        credentials.GetProperty("SessionToken").GetString()!);

    private static string RepositoryRoot()
    {
        var folder = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(folder, "TokenBroker.sln")))
        {
            folder = Path.GetDirectoryName(folder)!;
        }

        return folder;
    }
}
