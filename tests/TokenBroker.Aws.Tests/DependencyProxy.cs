using System.Net;
using System.Net.Sockets;
using TokenBroker.Tests;

namespace TokenBroker.Aws.Tests;

/// <summary>
/// A loopback TCP proxy in front of an emulator that can play an outage: forward bytes as they come, freeze (accept
/// connections and never answer, as a hung service or a black-holed network does) or refuse (nothing listens, so a
/// connection is refused at once). Switching closes the connections open so far, as a failing service drops them.
/// </summary>
public sealed class DependencyProxy : IDisposable
{
    private readonly IPEndPoint _target;
    private readonly Lock _lock = new();
    private readonly List<TcpClient> _open = [];
    private TcpListener? _listener;
    private Mode _mode = Mode.Forward;
    private int _accepted;

    public DependencyProxy(Uri target)
    {
        _target = new IPEndPoint(IPAddress.Loopback, target.Port);
        Port = LoopbackPort.Free();
        Endpoint = new Uri($"http://127.0.0.1:{Port}/");
        Listen();
    }

    public enum Mode
    {
        Forward,
        Freeze,
        Refuse,
    }

    public int Port { get; }

    public Uri Endpoint { get; }

    /// <summary>Connections accepted so far: a call that never reached the dependency did not add one.</summary>
    public int Accepted => Volatile.Read(ref _accepted);

    public void Forward() => Switch(Mode.Forward);

    public void Freeze() => Switch(Mode.Freeze);

    public void Refuse() => Switch(Mode.Refuse);

    public void Dispose()
    {
        lock (_lock)
        {
            _listener?.Stop();
            _listener = null;
            CloseOpen();
        }
    }

    private void Switch(Mode mode)
    {
        lock (_lock)
        {
            _mode = mode;
            CloseOpen();
            if (mode == Mode.Refuse)
            {
                _listener?.Stop();
                _listener = null;
            }
            else if (_listener is null)
            {
                Listen();
            }
        }
    }

    private void Listen()
    {
        var listener = new TcpListener(IPAddress.Loopback, Port);
        listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Start();
        _listener = listener;
        _ = Task.Run(() => AcceptLoopAsync(listener));
    }

    private void CloseOpen()
    {
        _open.ForEach(c => c.Dispose());
        _open.Clear();
    }

    private async Task AcceptLoopAsync(TcpListener listener)
    {
        while (true)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync();
            }
            catch (Exception exception) when (exception is SocketException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            Interlocked.Increment(ref _accepted);
            Mode mode;
            lock (_lock)
            {
                _open.Add(client);
                mode = _mode;
            }

            if (mode == Mode.Forward)
            {
                _ = Task.Run(() => ForwardAsync(client));
            }
        }
    }

    private async Task ForwardAsync(TcpClient client)
    {
        var upstream = new TcpClient();
        lock (_lock)
        {
            _open.Add(upstream);
        }

        try
        {
            await upstream.ConnectAsync(_target);
            using var stop = new CancellationTokenSource();
            var inbound = client.GetStream();
            var outbound = upstream.GetStream();
            await Task.WhenAny(inbound.CopyToAsync(outbound, stop.Token), outbound.CopyToAsync(inbound, stop.Token));
            await stop.CancelAsync();
        }
        catch (Exception exception) when (exception is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
        }
        finally
        {
            client.Dispose();
            upstream.Dispose();
        }
    }
}
