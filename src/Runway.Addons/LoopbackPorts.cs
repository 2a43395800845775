using System.Net;
using System.Net.Sockets;

namespace Runway.Addons;

/// <summary>TCP ports on 127.0.0.1 for the servers the add-ons start (Redis, PgBouncer).</summary>
internal static class LoopbackPorts
{
    /// <summary>A port the OS reports free now (bound to port 0 and released; another process could take it before the server binds it,
    /// in which case the start fails with "Address already in use" in the server's log).</summary>
    public static int PickFree()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)listener.LocalEndPoint!).Port;
    }

    /// <summary>True when <paramref name="port"/> can be bound on 127.0.0.1 now the way Redis and PgBouncer bind (SO_REUSEADDR, so
    /// connections of a previous run still in TIME_WAIT do not count as taking it).</summary>
    public static bool IsFree(int port)
    {
        try
        {
            using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            listener.Bind(new IPEndPoint(IPAddress.Loopback, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
