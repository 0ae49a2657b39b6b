using System.Diagnostics;
using System.Text.Json;

namespace TokenBroker.Host.Tests.Interop;

/// <summary>Runs a client program no one here wrote (the aws CLI, python3 with boto3) with credentials in its environment.</summary>
public static class ExternalClient
{
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(
        string fileName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, string? stdin = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin is not null,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Nothing from the developer's own AWS setup may leak into the test.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("AWS_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        // A fresh HOME as well: the aws CLI caches assumed-role credentials under ~/.aws/cli/cache, and a session from
        // another broker (an earlier run, the other store pass) would be reused and refused as an invalid token.
        var home = Directory.CreateTempSubdirectory("tokenbroker-client-home-").FullName;
        start.Environment["HOME"] = home;
        start.Environment["AWS_CONFIG_FILE"] = "/dev/null";
        start.Environment["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null";
        start.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
        start.Environment["AWS_DEFAULT_REGION"] = "us-east-1";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        try
        {
            return await RunAsync(start, stdin);
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }

    /// <summary>The environment that hands a client long-term keys, or session credentials.</summary>
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

    /// <summary>The same environment for the Credentials element of an STS response printed as JSON.</summary>
    public static Dictionary<string, string> Credentials(JsonElement credentials) => Credentials(
        credentials.GetProperty("AccessKeyId").GetString()!,
        credentials.GetProperty("SecretAccessKey").GetString()!,
        credentials.GetProperty("SessionToken").GetString()!);

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(ProcessStartInfo start, string? stdin)
    {
        using var process = Process.Start(start)!;
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
            process.StandardInput.Close();
        }

        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}
