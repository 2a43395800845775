using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;

namespace Runway.Server.Tests.Backups;

/// <summary>A webhook receiver on 127.0.0.1 (OS-chosen port) that answers every request with <c>status</c> and keeps
/// each request's line and JSON body for the test to read. Stopped on dispose.</summary>
internal sealed class LoopbackWebhook : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Channel<(string RequestLine, JsonElement Body)> _received = Channel.CreateUnbounded<(string, JsonElement)>();
    private readonly CancellationTokenSource _stop = new();
    private readonly int _status;
    private readonly Task _accepting;

    public LoopbackWebhook(int status = 204)
    {
        _status = status;
        _listener.Start();
        Url = $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/hooks/runway?token=s3cret-token";
        _accepting = AcceptAsync();
    }

    /// <summary>The URL to POST to; its query holds a token that must never be logged.</summary>
    public string Url { get; }

    /// <summary>The next request received, waiting at most <paramref name="timeout"/>.</summary>
    public async Task<(string RequestLine, JsonElement Body)> NextAsync(TimeSpan timeout)
    {
        using var wait = new CancellationTokenSource(timeout);
        return await _received.Reader.ReadAsync(wait.Token);
    }

    /// <summary>Every request received so far and not read yet.</summary>
    public List<JsonElement> Drain()
    {
        var bodies = new List<JsonElement>();
        while (_received.Reader.TryRead(out var request))
        {
            bodies.Add(request.Body);
        }

        return bodies;
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                _ = HandleAsync(client);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task HandleAsync(TcpClient client)
    {
        try
        {
            await ReceiveAsync(client);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or SocketException)
        {
            // the sender went away or the test ended
        }
    }

    private async Task ReceiveAsync(TcpClient client)
    {
        using (client)
        {
            var stream = client.GetStream();
            var buffer = new List<byte>();
            var chunk = new byte[4096];
            int headEnd;
            while ((headEnd = IndexOfHeadEnd(buffer)) < 0)
            {
                var read = await stream.ReadAsync(chunk, _stop.Token);
                if (read == 0)
                {
                    return;
                }

                buffer.AddRange(chunk.AsSpan(0, read));
            }

            var head = Encoding.ASCII.GetString(buffer.ToArray(), 0, headEnd);
            var lines = head.Split("\r\n");
            var length = lines.Skip(1).Select(l => l.Split(':', 2)).Where(p => p.Length == 2 && p[0].Trim().Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
                .Select(p => int.Parse(p[1].Trim(), System.Globalization.CultureInfo.InvariantCulture)).Single();
            while (buffer.Count < headEnd + 4 + length)
            {
                var read = await stream.ReadAsync(chunk, _stop.Token);
                if (read == 0)
                {
                    return;
                }

                buffer.AddRange(chunk.AsSpan(0, read));
            }

            var body = JsonDocument.Parse(buffer.GetRange(headEnd + 4, length).ToArray()).RootElement.Clone();
            await stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 {_status} Status\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"), _stop.Token);
            await _received.Writer.WriteAsync((lines[0], body), _stop.Token);
        }
    }

    private static int IndexOfHeadEnd(List<byte> buffer)
    {
        for (var i = 0; i + 3 < buffer.Count; i++)
        {
            if (buffer[i] == '\r' && buffer[i + 1] == '\n' && buffer[i + 2] == '\r' && buffer[i + 3] == '\n')
            {
                return i;
            }
        }

        return -1;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }
}
