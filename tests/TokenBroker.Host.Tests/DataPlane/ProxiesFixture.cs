using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using TokenBroker.Host.Tests.EndToEnd;
using TokenBroker.Tests;

namespace TokenBroker.Host.Tests.DataPlane;

/// <summary>
/// A broker over <see cref="DataPlaneDirectory"/>, a small upstream that echoes the X-TokenBroker-* headers it receives,
/// and real nginx and Caddy (Debian's packages) in front of it, each on a free loopback port with the configuration of
/// infra/proxies filled in. Both proxies are stopped by their own process id.
/// </summary>
public sealed class ProxiesFixture : IAsyncLifetime
{
    private readonly List<Process> _processes = [];
    private WebApplication? _upstream;

    public DataPlaneBrokerFixture Broker { get; } = new();

    public string Folder { get; } = Directory.CreateTempSubdirectory("tokenbroker-proxies-").FullName;

    public Dictionary<string, Uri> Proxies { get; } = [];

    public async Task InitializeAsync()
    {
        await Broker.InitializeAsync();
        var upstreamPort = LoopbackPort.Free();
        _upstream = WebApplication.CreateSlimBuilder(["--urls", $"http://127.0.0.1:{upstreamPort}"]).Build();
        _upstream.MapFallback(context =>
        {
            var seen = context.Request.Headers.Where(h => h.Key.StartsWith("X-TokenBroker-", StringComparison.OrdinalIgnoreCase))
                .ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString());
            seen["path"] = context.Request.Path + context.Request.QueryString;
            return context.Response.WriteAsJsonAsync(seen);
        });
        await _upstream.StartAsync();
        var broker = $"127.0.0.1:{Broker.Endpoint.Port}";
        Proxies["nginx"] = await StartAsync("nginx", "nginx.conf", $"http://127.0.0.1:{upstreamPort}", $"http://{broker}",
            (config, port) => ["-c", config, "-p", Folder]);
        Proxies["caddy"] = await StartAsync("caddy", "Caddyfile", $"127.0.0.1:{upstreamPort}", broker,
            (config, port) => ["run", "--config", config, "--adapter", "caddyfile"]);
    }

    private async Task<Uri> StartAsync(string program, string template, string upstream, string broker, Func<string, int, string[]> arguments)
    {
        var port = LoopbackPort.Free();
        var config = Path.Combine(Folder, template);
        var text = (await File.ReadAllTextAsync(TokenBroker.Tests.Repository.File("infra", "proxies", template)))
            .Replace("@RUNDIR@", Folder, StringComparison.Ordinal)
            .Replace("@LISTEN@", $"127.0.0.1:{port}", StringComparison.Ordinal)
            .Replace("@UPSTREAM@", upstream, StringComparison.Ordinal)
            .Replace("@BROKER@", broker, StringComparison.Ordinal)
            .Replace("@PREFIX@", "orders", StringComparison.Ordinal)
            .Replace("@PROXY_KEY@", DataPlaneDirectory.ProxyKeyHeader, StringComparison.Ordinal);
        await File.WriteAllTextAsync(config, text);
        var start = new ProcessStartInfo(program) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments(config, port))
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["HOME"] = Folder;
        start.Environment["XDG_DATA_HOME"] = Folder;
        start.Environment["XDG_CONFIG_HOME"] = Folder;
        var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start.");
        _processes.Add(process);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        for (var attempt = 0; attempt < 100; attempt++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return new Uri($"http://127.0.0.1:{port}");
            }
            catch (SocketException) when (!process.HasExited)
            {
                await Task.Delay(100);
            }
        }

        throw new InvalidOperationException($"{program} did not listen on port {port}.");
    }

    public async Task DisposeAsync()
    {
        foreach (var process in _processes)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }

            process.Dispose();
        }

        if (_upstream is not null)
        {
            await _upstream.StopAsync();
            await _upstream.DisposeAsync();
        }

        await Broker.DisposeAsync();
        Directory.Delete(Folder, recursive: true);
    }
}
