using System.Net;
using System.Net.Sockets;

namespace Runway.Runtime.Planning;

/// <summary>Hands out TCP ports on 127.0.0.1 for instances: free ones chosen by the OS, or a requested one after
/// checking it is free. A port is never handed out twice by the same allocator until released.</summary>
public sealed class PortAllocator
{
    private const int Attempts = 32;

    private readonly HashSet<int> _handedOut = [];
    private readonly Lock _lock = new();

    /// <summary>A port that was free a moment ago (bind to port 0, read it, release it).</summary>
    /// <exception cref="IOException">No port could be found.</exception>
    public int Allocate()
    {
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            var port = ((IPEndPoint)socket.LocalEndPoint!).Port;
            lock (_lock)
            {
                if (_handedOut.Add(port))
                {
                    return port;
                }
            }
        }

        throw new IOException($"no free TCP port found on 127.0.0.1 after {Attempts} attempts");
    }

    /// <summary>Hands out <paramref name="port"/> when it is free on 127.0.0.1 and not handed out already.</summary>
    public bool TryReserve(int port)
    {
        if (port is < 1 or > 65535)
        {
            return false;
        }

        lock (_lock)
        {
            if (_handedOut.Contains(port) || !IsFree(port))
            {
                return false;
            }

            _handedOut.Add(port);
            return true;
        }
    }

    /// <summary>Makes <paramref name="port"/> available to <see cref="TryReserve"/> again.</summary>
    public void Release(int port)
    {
        lock (_lock)
        {
            _handedOut.Remove(port);
        }
    }

    /// <summary>True when nothing listens on (or holds) <paramref name="port"/> on 127.0.0.1.</summary>
    public static bool IsFree(int port)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
