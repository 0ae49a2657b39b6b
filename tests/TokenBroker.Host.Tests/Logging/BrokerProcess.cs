using System.Diagnostics;
using System.Text;
using TokenBroker.Aws.Tests;

namespace TokenBroker.Host.Tests.Logging;

/// <summary>
/// The broker as its own process (the TokenBroker.Host.dll built beside the tests), with everything it writes to stdout
/// and stderr captured. It runs under sh, which stops it by its PID (SIGTERM, so the console logger flushes) when the
/// test closes its stdin, and also when the test host dies.
/// </summary>
public sealed class BrokerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly string _workingDirectory;

    private BrokerProcess(Process process, string workingDirectory)
    {
        _process = process;
        _workingDirectory = workingDirectory;
    }

    /// <summary>Every log category at Trace, with scopes, as an operator turning logging all the way up would.</summary>
    public static IEnumerable<KeyValuePair<string, string>> TraceLogging =>
    [
        new("Logging__LogLevel__Default", "Trace"),
        new("Logging__LogLevel__Microsoft", "Trace"),
        new("Logging__LogLevel__Microsoft.AspNetCore", "Trace"),
        new("Logging__LogLevel__System", "Trace"),
        new("Logging__Console__FormatterOptions__IncludeScopes", "true"),
    ];

    /// <summary>Starts the broker with these settings (environment variables) and arguments.</summary>
    public static BrokerProcess Start(IEnumerable<KeyValuePair<string, string>> environment, params string[] arguments)
    {
        // An empty working directory: no appsettings.json of the developer's may lower the levels.
        var workingDirectory = Directory.CreateTempSubdirectory("tokenbroker-process-").FullName;
        var info = new ProcessStartInfo("sh")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["-c", AwsEmulators.Supervisor, "broker", "dotnet", Path.Combine(AppContext.BaseDirectory, "TokenBroker.Host.dll"), .. arguments])
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var name in info.Environment.Keys.Where(k => k.StartsWith("AWS_", StringComparison.Ordinal)
            || k.StartsWith("TOKENBROKER_", StringComparison.Ordinal) || k.StartsWith("Logging__", StringComparison.Ordinal)).ToList())
        {
            info.Environment.Remove(name);
        }

        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("The broker did not start.");
        var broker = new BrokerProcess(process, workingDirectory);
        process.OutputDataReceived += (_, line) => broker.Append(line.Data);
        process.ErrorDataReceived += (_, line) => broker.Append(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return broker;
    }

    public bool HasExited => _process.HasExited;

    /// <summary>What the broker wrote so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Waits until GET /health answers.</summary>
    public async Task WaitForHealthAsync(Uri endpoint)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        for (var attempt = 0; attempt < 300; attempt++)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException("The broker exited at start:\n" + Output);
            }

            try
            {
                using var response = await http.GetAsync(new Uri(endpoint, "health"));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(200);
        }

        throw new TimeoutException("The broker did not answer /health within 60 s:\n" + Output);
    }

    /// <summary>Stops the broker (SIGTERM) and returns all it wrote, the shutdown included.</summary>
    public async Task<string> StopAsync()
    {
        if (!_process.HasExited)
        {
            _process.StandardInput.Close();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await _process.WaitForExitAsync(timeout.Token);
        }

        return Output;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
        Directory.Delete(_workingDirectory, recursive: true);
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }
}
