using System.Net;
using System.Net.Sockets;

namespace Strata.Etcd.Tests.Infrastructure;

/// <summary>Finds loopback ports nobody listens on.</summary>
internal static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
