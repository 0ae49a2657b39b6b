using System.Text.Json;
using TokenBroker.Host.Tests.Interop;
using TokenBroker.Tests;

namespace TokenBroker.Host.Tests.Iam;

/// <summary>
/// Runs one IAM operation through the AWS SDK for JavaScript v3 (node tests/js-client/iam.mjs) and parses the JSON it
/// prints: the command output, or <c>{"error":{...}}</c> as the SDK parsed a service error.
/// </summary>
public static class JsIamClient
{
    private static readonly string Script = Repository.File("tests", "js-client", "iam.mjs");

    public static async Task<JsonDocument> RunAsync(Uri endpoint, string operation, string input, IReadOnlyDictionary<string, string> credentials)
    {
        var (exit, stdout, stderr) = await ExternalClient.RunAsync("node", [Script, endpoint.ToString(), operation], credentials, input);

        // Exit 0 prints the output, exit 1 a parsed service error; anything else (a crash, a network error) is a failure.
        Assert.True(exit is 0 or 1 && stdout.Length > 0, $"exit {exit}: {stderr}");
        var json = JsonDocument.Parse(stdout);
        Assert.Equal(exit == 1, json.RootElement.TryGetProperty("error", out _));
        return json;
    }

    /// <summary>
    /// The value at a dotted path: property names, array indexes, <c>#</c> for an array's length, and <c>decoded</c> to
    /// URL-decode a policy document string and continue inside the JSON it holds.
    /// </summary>
    public static string? Read(JsonElement element, string path)
    {
        JsonDocument? decoded = null;
        try
        {
            foreach (var segment in path.Split('.'))
            {
                if (segment == "#")
                {
                    return element.GetArrayLength().ToString(System.Globalization.CultureInfo.InvariantCulture);
                }

                if (segment == "decoded")
                {
                    decoded = JsonDocument.Parse(Uri.UnescapeDataString(element.GetString()!));
                    element = decoded.RootElement;
                    continue;
                }

                if (element.ValueKind == JsonValueKind.Array)
                {
                    element = element[int.Parse(segment, System.Globalization.CultureInfo.InvariantCulture)];
                }
                else if (!element.TryGetProperty(segment, out element))
                {
                    return null;
                }
            }

            return element.ValueKind switch
            {
                JsonValueKind.String => element.GetString(),
                JsonValueKind.Null => null,
                _ => element.GetRawText(),
            };
        }
        finally
        {
            decoded?.Dispose();
        }
    }
}
