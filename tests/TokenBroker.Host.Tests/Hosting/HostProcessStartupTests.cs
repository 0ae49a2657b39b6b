using System.Diagnostics;
using TokenBroker.Host.Tests.EndToEnd;
using TokenBroker.Host.Tests.Outages;

namespace TokenBroker.Host.Tests.Hosting;

/// <summary>
/// The broker process itself (TokenBroker.Host.dll) failing to start: one line on stderr and exit code 1, never an
/// unhandled-exception stack trace (exit code 134); in Lambda the init error also reaches the Runtime API, so Lambda
/// retries the init.
/// </summary>
public sealed class HostProcessStartupTests
{
    [Fact]
    public async Task HostProcess_LambdaWithKmsRefused_OneLineInitErrorAndExitCodeOne()
    {
        await using var api = await FakeRuntimeApi.StartAsync();
        await using var broker = await OutageBroker.CreateAsync();
        broker.Kms.Refuse();

        var (exitCode, error) = await RunAsync(broker.Settings.Concat(
            [new("TOKENBROKER_HOSTING", "lambda"), new("AWS_LAMBDA_RUNTIME_API", api.Address)]));

        Assert.Equal(1, exitCode);
        Assert.StartsWith("TokenBroker could not open its stores: KMS is unreachable: ", OneLine(error), StringComparison.Ordinal);
        Assert.Equal("Runtime.InitError", (await api.InitError.WaitAsync(TimeSpan.FromSeconds(30))).ErrorType);
    }

    [Fact]
    public async Task HostProcess_TableNotSet_OneLineAndExitCodeOne()
    {
        var (exitCode, error) = await RunAsync([new("TOKENBROKER_STORE", "dynamodb"), new("TOKENBROKER_KEYRING", "local")]);

        Assert.Equal(1, exitCode);
        Assert.Equal("TokenBroker could not start: TOKENBROKER_TABLE is not set.", OneLine(error));
    }

    private static async Task<(int ExitCode, string Error)> RunAsync(IEnumerable<KeyValuePair<string, string?>> settings)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "TokenBroker.Host.dll"));
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add("http://127.0.0.1:0");
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (name, value) in settings)
        {
            info.Environment[name] = value;
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(stop.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        await output;
        return (process.ExitCode, await error);
    }

    // One line and no stack trace: what an operator reading the log should see.
    private static string OneLine(string error)
    {
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.DoesNotContain("   at ", line, StringComparison.Ordinal);
        return line.TrimEnd('\r');
    }
}
