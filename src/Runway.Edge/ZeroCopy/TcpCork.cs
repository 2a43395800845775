using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Runway.Edge.ZeroCopy;

/// <summary>TCP_CORK (tcp(7)): while set, the kernel sends only full segments, so a response head written before a
/// sendfile(2) leaves together with the file's first bytes instead of as a packet of its own.</summary>
internal static class TcpCork
{
    private const int IpProtoTcp = 6;
    private const int TcpCorkOption = 3;

    /// <summary>False when the socket refused (not TCP, or already closed); sending then works as before, only less packed.</summary>
    public static bool TrySet(Socket socket, bool on)
    {
        try
        {
            var value = on ? 1 : 0;
            socket.SetRawSocketOption(IpProtoTcp, TcpCorkOption, MemoryMarshal.AsBytes(new ReadOnlySpan<int>(in value)));
            return true;
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            return false;
        }
    }
}
