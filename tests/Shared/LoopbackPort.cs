using System.Net;
using System.Net.Sockets;

namespace TokenBroker.Tests;

/// <summary>A free TCP port on 127.0.0.1 for a test's own server: bound as port 0, read, and released.</summary>
internal static class LoopbackPort
{
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
