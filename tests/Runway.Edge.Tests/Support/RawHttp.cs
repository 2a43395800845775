using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Runway.Edge.Tests.Support;

/// <summary>Speaks HTTP/1.1 over a plain socket, for requests HttpClient would refuse or normalize.</summary>
internal static class RawHttp
{
    /// <summary>Sends <paramref name="request"/> and reads until the server closes the connection, or, when
    /// <paramref name="until"/> is given, until that text has arrived (for kept-alive connections).</summary>
    public static async Task<string> SendAsync(int port, string request, string? until = null)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.Latin1.GetBytes(request));
        return until is null ? await ReadToEndAsync(stream) : await ReadUntilAsync(stream, until);
    }

    /// <summary>The end of a chunked body.</summary>
    public const string LastChunk = "\r\n0\r\n\r\n";

    public static async Task<string> ReadToEndAsync(Stream stream)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, timeout.Token);
        return Encoding.Latin1.GetString(buffer.ToArray());
    }

    /// <summary>Reads until <paramref name="marker"/> has arrived; returns everything read so far.</summary>
    public static async Task<string> ReadUntilAsync(Stream stream, string marker)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var text = new StringBuilder();
        var buffer = new byte[4096];
        while (!text.ToString().Contains(marker, StringComparison.Ordinal))
        {
            var read = await stream.ReadAsync(buffer, timeout.Token);
            if (read == 0)
            {
                break;
            }

            text.Append(Encoding.Latin1.GetString(buffer, 0, read));
        }

        return text.ToString();
    }

    /// <summary>The header lines of a raw response or request head, lower-cased names.</summary>
    public static string Head(string message) => message[..Math.Max(0, message.IndexOf("\r\n\r\n", StringComparison.Ordinal))];
}
