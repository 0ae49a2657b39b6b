using System.ComponentModel;
using System.Diagnostics;
using TokenBroker.Tests;

namespace TokenBroker.Core.Tests.WebIdentity;

/// <summary>
/// tests/oidc-provider/server.mjs run by node on a free 127.0.0.1 port; stopped by its process id. Missing node or
/// missing npm packages fail the tests with a message that says what to install; they never skip.
/// </summary>
public sealed class NodeServer : IDisposable
{
    private readonly Process _process;

    private NodeServer(Process process, int port, bool https)
    {
        _process = process;
        Port = port;
        BaseUri = new Uri($"{(https ? "https" : "http")}://127.0.0.1:{port}");
    }

    public int Port { get; }

    public Uri BaseUri { get; }

    /// <summary>Starts the real oidc-provider (https when a TLS directory is given).</summary>
    public static NodeServer StartOidc(string? tlsDirectory) =>
        Start(tlsDirectory is null ? ["oidc"] : ["oidc", tlsDirectory], tlsDirectory is not null);

    /// <summary>Starts the static discovery/JWKS server over files in <paramref name="contentDirectory"/>.</summary>
    public static NodeServer StartStatic(string contentDirectory, string? tlsDirectory) =>
        Start(tlsDirectory is null ? ["static", contentDirectory] : ["static", contentDirectory, tlsDirectory], tlsDirectory is not null);

    public static string ProviderDirectory { get; } = FindProviderDirectory();

    public void Dispose()
    {
        using var byId = Process.GetProcessById(_process.Id);
        if (!byId.HasExited)
        {
            byId.Kill();
            byId.WaitForExit(5000);
        }

        _process.Dispose();
    }

    /// <summary>
    /// A free port is only free until someone takes it: test projects run in parallel and start servers of their own,
    /// so a server that exits before listening is started again on another port (a few times, then the error stands).
    /// </summary>
    private static NodeServer Start(string[] arguments, bool https)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return StartOnce(arguments, https);
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
                // Try again: StartOnce picks a new free port.
            }
        }
    }

    private static NodeServer StartOnce(string[] arguments, bool https)
    {
        if (!Directory.Exists(Path.Combine(ProviderDirectory, "node_modules", "oidc-provider")))
        {
            throw new InvalidOperationException(
                $"The npm packages of {ProviderDirectory} are not installed: run `npm ci` there (test.sh does).");
        }

        var port = LoopbackPort.Free();
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = ProviderDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("server.mjs");
        start.ArgumentList.Add(arguments[0]);
        start.ArgumentList.Add(port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var argument in arguments.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException(
                "Node.js is required for the web-identity tests (the OpenID Provider is the npm package oidc-provider): install node and npm.", e);
        }

        var errors = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.ErrorDataReceived += (_, line) => errors.Enqueue(line.Data ?? "");
        process.BeginErrorReadLine();
        var ready = process.StandardOutput.ReadLineAsync();
        if (!ready.Wait(TimeSpan.FromSeconds(120)) || ready.Result != "listening")
        {
            process.Kill();
            process.WaitForExit(5000);
            process.Dispose();
            throw new InvalidOperationException("tests/oidc-provider/server.mjs did not start listening: " + string.Join('\n', errors));
        }

        return new NodeServer(process, port, https);
    }

    private static string FindProviderDirectory()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "tests", "oidc-provider");
            if (File.Exists(Path.Combine(candidate, "server.mjs")))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("tests/oidc-provider/server.mjs not found above " + AppContext.BaseDirectory);
    }
}
