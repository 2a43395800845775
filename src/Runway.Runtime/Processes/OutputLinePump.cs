using System.Text;

namespace Runway.Runtime.Processes;

/// <summary>Reads a child's stdout or stderr pipe and hands over one line at a time.</summary>
/// <remarks>Reading continuously keeps the pipe drained, so a chatty child never blocks on a full pipe.
/// Lines end at '\n' (a trailing '\r' is dropped); a line longer than <c>maxLineBytes</c> is delivered in pieces,
/// cut at a UTF-8 character boundary; a last line without '\n' is delivered at end of stream.</remarks>
internal static class OutputLinePump
{
    public static async Task RunAsync(Stream stream, int maxLineBytes, Action<string> onLine, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLineBytes, 4);
        // One byte more than the longest line, so a full buffer always holds a deliverable piece.
        var buffer = new byte[Math.Max(8192, maxLineBytes + 1)];
        var filled = 0;
        try
        {
            while (true)
            {
                var read = await stream.ReadAsync(buffer.AsMemory(filled), cancellationToken);
                if (read == 0)
                {
                    break;
                }

                filled += read;
                var consumed = DeliverCompleteLines(buffer.AsSpan(0, filled), maxLineBytes, onLine);
                if (consumed > 0)
                {
                    Buffer.BlockCopy(buffer, consumed, buffer, 0, filled - consumed);
                    filled -= consumed;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException)
        {
            // The pipe was closed under us (process disposed or stop requested): deliver what we have.
        }

        if (filled > 0)
        {
            onLine(Decode(buffer.AsSpan(0, filled)));
        }
    }

    /// <summary>Delivers every complete (or over-long) line at the start of <paramref name="data"/>; returns bytes consumed.</summary>
    private static int DeliverCompleteLines(ReadOnlySpan<byte> data, int maxLineBytes, Action<string> onLine)
    {
        var consumed = 0;
        while (consumed < data.Length)
        {
            var rest = data[consumed..];
            var newline = rest.IndexOf((byte)'\n');
            if (newline >= 0 && newline <= maxLineBytes)
            {
                onLine(Decode(rest[..newline]));
                consumed += newline + 1;
                continue;
            }

            if (rest.Length <= maxLineBytes)
            {
                break; // an incomplete line: wait for more data
            }

            var cut = maxLineBytes;
            while (cut > 0 && (rest[cut] & 0xC0) == 0x80)
            {
                cut--; // do not split a multi-byte UTF-8 character
            }

            if (cut == 0)
            {
                cut = maxLineBytes;
            }

            onLine(Decode(rest[..cut]));
            consumed += cut;
        }

        return consumed;
    }

    private static string Decode(ReadOnlySpan<byte> line)
    {
        if (!line.IsEmpty && line[^1] == (byte)'\r')
        {
            line = line[..^1];
        }

        return Encoding.UTF8.GetString(line);
    }
}
