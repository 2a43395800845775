using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Runway.Edge.Tests.Support;

/// <summary>A hand-written HTTP/1.1 upstream on 127.0.0.1 that answers every request with fixed bytes, for responses a real
/// server would refuse to produce (header values with CR, Transfer-Encoding together with Content-Length, ...).</summary>
internal sealed class RawUpstream : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly Func<string, Stream, Task> _respond;
    private readonly System.Collections.Concurrent.ConcurrentBag<TcpClient> _sockets = [];

    private RawUpstream(Func<string, Stream, Task> respond)
    {
        _respond = respond;
        _listener.Start();
        _loop = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public Uri Address => new($"http://127.0.0.1:{Port}");

    /// <summary>Answers each request with <paramref name="response"/> and closes the connection.</summary>
    public static RawUpstream Answering(string response) =>
        new(async (_, stream) => await stream.WriteAsync(Encoding.Latin1.GetBytes(response)));

    /// <summary>Runs <paramref name="respond"/> with the request head and the connection for each request.</summary>
    public static RawUpstream Handling(Func<string, Stream, Task> respond) => new(respond);

    private async Task AcceptAsync()
    {
        var connections = new List<Task>();
        try
        {
            while (true)
            {
                var socket = await _listener.AcceptTcpClientAsync(_stop.Token);
                _sockets.Add(socket);
                connections.Add(ServeAsync(socket));
            }
        }
        catch (OperationCanceledException)
        {
        }

        await Task.WhenAll(connections);
    }

    private async Task ServeAsync(TcpClient socket)
    {
        using (socket)
        {
            try
            {
                var stream = socket.GetStream();
                var head = await RawHttp.ReadUntilAsync(stream, "\r\n\r\n");
                await _respond(head, stream);
            }
            catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        foreach (var socket in _sockets)
        {
            // Ends handlers still waiting on a connection, even when a test failed half-way.
            socket.Dispose();
        }

        await _loop;
        _stop.Dispose();
    }
}
