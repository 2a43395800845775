using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Runway.Edge.Forwarding.Http1;

/// <summary>Copies a response body from an upstream connection to the client as it arrives, decoding its framing (RFC 9112 §6,
/// §7.1), and reports which side failed instead of throwing, as <see cref="StreamCopier"/> does.</summary>
internal static class Http1BodyCopier
{
    // A chunk-size line longer than this (hex digits plus extensions) is refused.
    private const int MaxChunkLine = 4096;

    public static async ValueTask<(StreamCopyResult Result, Exception? Error)> CopyAsync(Http1Connection connection, Http1BodyFraming framing,
        long contentLength, HttpContext context, ActivityCancellation activity)
    {
        var output = context.Response.Body;
        try
        {
            switch (framing)
            {
                case Http1BodyFraming.ContentLength:
                    await CopyExactlyAsync(connection, contentLength, output, activity);
                    break;
                case Http1BodyFraming.Chunked:
                    while (await ReadChunkSizeAsync(connection, activity) is var size and > 0)
                    {
                        await CopyExactlyAsync(connection, size, output, activity);
                        await ExpectLineEndAsync(connection, activity);
                    }

                    await ReadTrailersAsync(connection, context, activity);
                    break;
                case Http1BodyFraming.UntilClose:
                    while (!connection.Buffered.IsEmpty || await ReceiveAsync(connection, activity) > 0)
                    {
                        await WriteAsync(connection, connection.Buffered.Length, output, activity);
                    }

                    break;
            }

            return (StreamCopyResult.Success, null);
        }
        catch (ClientWriteException ex)
        {
            return StreamCopier.Failure(ex.InnerException!, reading: false, activity);
        }
        catch (Exception ex)
        {
            return StreamCopier.Failure(ex, reading: true, activity);
        }
    }

    /// <summary>Passes on the next <paramref name="count"/> body bytes (a Content-Length body, or one chunk's data).</summary>
    private static async ValueTask CopyExactlyAsync(Http1Connection connection, long count, Stream output, ActivityCancellation activity)
    {
        while (count > 0)
        {
            if (connection.Buffered.IsEmpty && await ReceiveAsync(connection, activity) == 0)
            {
                throw new IOException($"The upstream closed the connection {count} bytes before the end of the body or chunk.");
            }

            var piece = (int)Math.Min(count, connection.Buffered.Length);
            await WriteAsync(connection, piece, output, activity);
            count -= piece;
        }
    }

    private static async ValueTask<int> ReceiveAsync(Http1Connection connection, ActivityCancellation activity)
    {
        var received = await connection.ReceiveAsync();
        connection.Received(received);
        activity.ResetTimeout();
        return received;
    }

    /// <summary>Writes buffered bytes to the client; a failure there is the client's side, told apart by
    /// <see cref="ClientWriteException"/>.</summary>
    private static async ValueTask WriteAsync(Http1Connection connection, int count, Stream output, ActivityCancellation activity)
    {
        try
        {
            await output.WriteAsync(connection.BufferedMemory[..count]);
        }
        catch (Exception ex)
        {
            throw new ClientWriteException(ex);
        }

        connection.Consume(count);
        activity.ResetTimeout();
    }

    /// <summary>chunk-size [ chunk-ext ] CRLF; extensions are ignored (RFC 9112 §7.1.1).</summary>
    private static async ValueTask<long> ReadChunkSizeAsync(Http1Connection connection, ActivityCancellation activity)
    {
        var line = await ReadLineAsync(connection, activity);
        var sizeEnd = line.AsSpan().IndexOfAny(';', ' ', '\t');
        var digits = sizeEnd < 0 ? line : line[..sizeEnd];
        if (digits.Length is 0 or > 15 || !long.TryParse(digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var size))
        {
            throw new HttpRequestException(HttpRequestError.InvalidResponse, "The upstream sent a malformed chunk size.");
        }

        return size;
    }

    private static async ValueTask ExpectLineEndAsync(Http1Connection connection, ActivityCancellation activity)
    {
        if ((await ReadLineAsync(connection, activity)).Length != 0)
        {
            throw new HttpRequestException(HttpRequestError.InvalidResponse, "The upstream sent more data than its chunk size said.");
        }
    }

    /// <summary>The trailer section after the last chunk: fields until a blank line, passed to clients that can receive them
    /// (HTTP/2 and later on Kestrel), minus hop-by-hop fields and values with line breaks.</summary>
    private static async ValueTask ReadTrailersAsync(Http1Connection connection, HttpContext context, ActivityCancellation activity)
    {
        var supported = context.Response.SupportsTrailers();
        while (true)
        {
            var line = await ReadLineAsync(connection, activity);
            if (line.Length == 0)
            {
                return;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw new HttpRequestException(HttpRequestError.InvalidResponse, "The upstream sent a malformed trailer field.");
            }

            var name = line[..colon];
            if (supported && !HopByHopHeaders.IsHopByHop(name))
            {
                context.Response.AppendTrailer(name, line[(colon + 1)..].Trim(' ', '\t'));
            }
        }
    }

    /// <summary>One CRLF-terminated line (without the CRLF), decoded as Latin-1.</summary>
    private static async ValueTask<string> ReadLineAsync(Http1Connection connection, ActivityCancellation activity)
    {
        while (true)
        {
            var end = connection.Buffered.IndexOf("\r\n"u8);
            if (end >= 0)
            {
                var line = Encoding.Latin1.GetString(connection.Buffered[..end]);
                connection.Consume(end + 2);
                if (line.AsSpan().IndexOfAny('\r', '\n', '\0') >= 0)
                {
                    throw new HttpRequestException(HttpRequestError.InvalidResponse, "The upstream sent a control character in its chunked framing.");
                }

                return line;
            }

            if (connection.Buffered.Length > MaxChunkLine)
            {
                throw new HttpRequestException(HttpRequestError.InvalidResponse, "The upstream sent a chunk line that never ends.");
            }

            if (await ReceiveAsync(connection, activity) == 0)
            {
                throw new IOException("The upstream closed the connection in the middle of the chunked body.");
            }
        }
    }

    /// <summary>Writing to the client failed (rather than reading from the upstream).</summary>
    private sealed class ClientWriteException(Exception inner) : Exception(inner.Message, inner);
}
