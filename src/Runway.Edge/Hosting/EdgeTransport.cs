using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;

namespace Runway.Edge.Hosting;

/// <summary>How the edge's sockets hand work to request code.</summary>
internal static class EdgeTransport
{
    /// <summary>Request code runs on the thread that completed the socket read instead of being queued to the thread pool:
    /// one thread hand-off less per request. The edge's request path never blocks (files are read from the page cache or
    /// memory, upstream I/O is asynchronous), which is what this setting requires.</summary>
    /// <remarks>The write buffer of two bytes makes every flush wait until the transport has handed all it was given to the
    /// socket, which lets <see cref="ZeroCopy.FileBodyWriter"/> send a file on the idle socket after it. With inline
    /// scheduling the send usually happens inside the flush, so nothing waits longer than the socket does.</remarks>
    public static void Configure(SocketTransportOptions options)
    {
        options.UnsafePreferInlineScheduling = true;
        options.MaxWriteBufferSize = 2;
    }
}
