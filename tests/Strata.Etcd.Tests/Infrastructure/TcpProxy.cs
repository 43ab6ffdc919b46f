using System.Net;
using System.Net.Sockets;

namespace Strata.Etcd.Tests.Infrastructure;

/// <summary>
/// A loopback TCP forwarder in front of etcd that a test can cut (every connection dropped, new ones refused)
/// and open again: a network outage for one watcher while etcd itself keeps running.
/// </summary>
internal sealed class TcpProxy : IDisposable
{
    private readonly int _targetPort;
    private readonly object _gate = new();
    private readonly List<Socket> _sockets = [];
    private TcpListener? _listener;

    public TcpProxy(int targetPort)
    {
        _targetPort = targetPort;
        Port = FreePort.Next();
        Open();
    }

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}";

    /// <summary>
    /// Settings for an instance that reaches etcd only through this proxy, quick to notice a cut and to expire: reconnects
    /// within 1 s, requests time out after 2 s, and its record lives on a 2 s lease.
    /// </summary>
    public EtcdOptions InstanceOptions(string prefix, string instanceId) => new EtcdOptions
    {
        Prefix = prefix,
        ReconnectMaxDelay = TimeSpan.FromSeconds(1),
        RequestTimeout = TimeSpan.FromSeconds(2),
        InstanceId = instanceId,
        InstanceTtl = TimeSpan.FromSeconds(2),
    }.WithEndpoints(Url);

    public void Open()
    {
        lock (_gate)
        {
            var listener = new TcpListener(IPAddress.Loopback, Port);
            listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            listener.Start();
            _listener = listener;
            _ = AcceptAsync(listener);
        }
    }

    public void Cut()
    {
        lock (_gate)
        {
            _listener?.Stop();
            _listener = null;
            foreach (var socket in _sockets)
            {
                try
                {
                    socket.LingerState = new LingerOption(true, 0);
                    socket.Close();
                }
                catch (ObjectDisposedException)
                {
                }
            }

            _sockets.Clear();
        }
    }

    public void Dispose() => Cut();

    private async Task AcceptAsync(TcpListener listener)
    {
        while (true)
        {
            Socket inbound;
            try
            {
                inbound = await listener.AcceptSocketAsync();
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            var outbound = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await outbound.ConnectAsync(IPAddress.Loopback, _targetPort);
            }
            catch (SocketException)
            {
                inbound.Close();
                outbound.Dispose();
                continue;
            }

            lock (_gate)
            {
                if (!ReferenceEquals(_listener, listener))
                {
                    inbound.Close();
                    outbound.Close();
                    return;
                }

                _sockets.Add(inbound);
                _sockets.Add(outbound);
            }

            _ = PumpAsync(inbound, outbound);
            _ = PumpAsync(outbound, inbound);
        }
    }

    private static async Task PumpAsync(Socket from, Socket to)
    {
        var buffer = new byte[16384];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None);
                if (read == 0)
                {
                    break;
                }

                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None);
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
        }

        try
        {
            to.Shutdown(SocketShutdown.Send);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
        }
    }
}
