using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using TokenBroker.Aws.Tests;
using TokenBroker.Tests;

namespace TokenBroker.Host.Tests.Operations;

/// <summary>
/// A real Prometheus (Debian's prometheus package, installed by test.sh) on a free loopback port, scraping one target
/// every second from a generated configuration, with its own temporary TSDB. Stopped by its own process when disposed.
/// </summary>
public sealed class PrometheusServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _folder;
    private readonly HttpClient _http;

    private PrometheusServer(Process process, string folder, Uri endpoint)
    {
        _process = process;
        _folder = folder;
        Endpoint = endpoint;
        _http = new HttpClient { BaseAddress = endpoint, Timeout = TimeSpan.FromSeconds(10) };
    }

    public Uri Endpoint { get; }

    /// <summary>Starts Prometheus scraping <paramref name="target"/> (host:port) on /metrics every second.</summary>
    public static async Task<PrometheusServer> StartAsync(string target)
    {
        var folder = Directory.CreateTempSubdirectory("tokenbroker-prometheus-").FullName;
        var config = Path.Combine(folder, "prometheus.yml");
        await File.WriteAllTextAsync(config, $"""
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
            scrape_configs:
              - job_name: tokenbroker
                metrics_path: /metrics
                static_configs:
                  - targets: ["{target}"]
            """);
        var port = LoopbackPort.Free();
        var info = new ProcessStartInfo("sh")
        {
            WorkingDirectory = folder,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["-c", AwsEmulators.Supervisor, "prometheus", "prometheus",
            "--config.file=" + config, "--storage.tsdb.path=" + Path.Combine(folder, "data"),
            "--web.listen-address=127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture), "--log.level=warn"])
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("prometheus did not start (apt-get install prometheus).");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new PrometheusServer(process, folder, new Uri($"http://127.0.0.1:{port}/"));
        await server.WaitUntilReadyAsync();
        return server;
    }

    /// <summary>
    /// Runs an instant PromQL query until it returns a sample whose value satisfies <paramref name="expected"/>, or the
    /// bound passes; returns the last value seen (null when the query returned nothing).
    /// </summary>
    public async Task<double?> QueryUntilAsync(string promQl, Func<double, bool> expected, TimeSpan bound)
    {
        double? last = null;
        using var stop = new CancellationTokenSource(bound);
        while (!stop.IsCancellationRequested)
        {
            last = await QueryAsync(promQl);
            if (last is { } value && expected(value))
            {
                return value;
            }

            await Task.Delay(250, CancellationToken.None);
        }

        return last;
    }

    /// <summary>One instant query through the HTTP API: the first sample's value, or null for an empty result.</summary>
    public async Task<double?> QueryAsync(string promQl)
    {
        using var response = await _http.GetAsync(new Uri("api/v1/query?query=" + Uri.EscapeDataString(promQl), UriKind.Relative));
        response.EnsureSuccessStatusCode();
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var result = document.RootElement.GetProperty("data").GetProperty("result");
        return result.GetArrayLength() == 0
            ? null
            : double.Parse(result[0].GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture);
    }

    /// <summary>The health of the scrape target as Prometheus sees it ("up", "down" or "unknown").</summary>
    public async Task<string?> TargetHealthAsync()
    {
        using var response = await _http.GetAsync(new Uri("api/v1/targets", UriKind.Relative));
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var targets = document.RootElement.GetProperty("data").GetProperty("activeTargets");
        return targets.GetArrayLength() == 0 ? null : targets[0].GetProperty("health").GetString();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.StandardInput.Close();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        _process.Dispose();
        _http.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private async Task WaitUntilReadyAsync()
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"prometheus exited at start with code {_process.ExitCode}.");
            }

            try
            {
                using var response = await _http.GetAsync(new Uri("-/ready", UriKind.Relative));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("prometheus was not ready within 20 s.");
    }
}
