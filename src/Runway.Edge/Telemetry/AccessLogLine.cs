using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Runway.Edge.Telemetry;

/// <summary>Writes one access log line: a JSON object in UTF-8 and a line feed, straight into the log's buffer. Strings are
/// escaped as JSON requires (quote, backslash, control characters) and otherwise written as UTF-8; an unpaired surrogate
/// becomes U+FFFD. Field order: time, app, part, method, host, path, status, durationMs, bytes, upstream, upstreamError, client.</summary>
internal static class AccessLogLine
{
    // Characters a JSON string must escape (RFC 8259 §7), and the ASCII ones it may hold as they are.
    private static readonly SearchValues<char> MustEscape = SearchValues.Create(
        [.. Enumerable.Range(0, 0x20).Select(c => (char)c), '"', '\\']);
    private static readonly SearchValues<char> PlainAscii = SearchValues.Create(
        [.. Enumerable.Range(0x20, 0x60).Select(c => (char)c).Where(c => c is not ('"' or '\\'))]);

    public static void Write(IBufferWriter<byte> output, in AccessLogEntry entry)
    {
        Raw(output, "{\"time\":\""u8);
        Utf8Formatter.TryFormat(entry.StartedAt, output.GetSpan(40), out var written, new StandardFormat('O'));
        output.Advance(written);
        Raw(output, "\",\"app\":"u8);
        String(output, entry.App);
        Raw(output, ",\"part\":"u8);
        String(output, entry.Part);
        Raw(output, ",\"method\":"u8);
        String(output, entry.Method);
        Raw(output, ",\"host\":"u8);
        String(output, entry.Host);
        Raw(output, ",\"path\":"u8);
        String(output, entry.Path);
        Raw(output, ",\"status\":"u8);
        Number(output, entry.Status);
        Raw(output, ",\"durationMs\":"u8);
        output.Advance(FormatMilliseconds(entry.Elapsed, output.GetSpan(24)));
        Raw(output, ",\"bytes\":"u8);
        Number(output, entry.Bytes);
        if (entry.Upstream is not null)
        {
            Raw(output, ",\"upstream\":"u8);
            String(output, entry.Upstream);
        }

        if (entry.UpstreamError != Forwarding.ForwardError.None)
        {
            Raw(output, ",\"upstreamError\":"u8);
            String(output, entry.UpstreamError.ToString());
        }

        Raw(output, ",\"client\":"u8);
        var client = output.GetSpan(64);
        if (entry.Client is { } address && address.TryFormat(client[1..], out written))
        {
            client[0] = (byte)'"';
            client[written + 1] = (byte)'"';
            output.Advance(written + 2);
        }
        else
        {
            Raw(output, "null"u8);
        }

        Raw(output, "}\n"u8);
    }

    /// <summary>Writes a duration as milliseconds to the microsecond, without trailing zeros ("12", "0.5", "3.141"): the text
    /// the rounded double would give, made with integer arithmetic.</summary>
    /// <returns>How many bytes were written (at most 24).</returns>
    internal static int FormatMilliseconds(TimeSpan duration, Span<byte> destination)
    {
        var micros = Math.Max(0, (duration.Ticks + (TimeSpan.TicksPerMicrosecond / 2)) / TimeSpan.TicksPerMicrosecond);
        (micros / 1000).TryFormat(destination, out var length, default, CultureInfo.InvariantCulture);
        var fraction = (int)(micros % 1000);
        if (fraction == 0)
        {
            return length;
        }

        destination[length++] = (byte)'.';
        var digits = fraction % 10 != 0 ? 3 : fraction % 100 != 0 ? 2 : 1;
        fraction /= digits == 3 ? 1 : digits == 2 ? 10 : 100;
        for (var i = digits - 1; i >= 0; i--)
        {
            destination[length + i] = (byte)('0' + (fraction % 10));
            fraction /= 10;
        }

        return length + digits;
    }

    private static void Raw(IBufferWriter<byte> output, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(output.GetSpan(bytes.Length));
        output.Advance(bytes.Length);
    }

    private static void Number(IBufferWriter<byte> output, long value)
    {
        value.TryFormat(output.GetSpan(20), out var written, default, CultureInfo.InvariantCulture);
        output.Advance(written);
    }

    private static void String(IBufferWriter<byte> output, string? value)
    {
        if (value is null)
        {
            Raw(output, "null"u8);
            return;
        }

        var chars = value.AsSpan();
        if (!chars.ContainsAnyExcept(PlainAscii))
        {
            // The common case: printable ASCII, one byte per character.
            var span = output.GetSpan(chars.Length + 2);
            span[0] = (byte)'"';
            Ascii.FromUtf16(chars, span[1..], out var written);
            span[written + 1] = (byte)'"';
            output.Advance(written + 2);
            return;
        }

        Raw(output, "\""u8);
        while (!chars.IsEmpty)
        {
            var special = chars.IndexOfAny(MustEscape);
            var run = special < 0 ? chars : chars[..special];
            if (!run.IsEmpty)
            {
                // UTF8Encoding replaces an unpaired surrogate with U+FFFD.
                output.Advance(Encoding.UTF8.GetBytes(run, output.GetSpan(Encoding.UTF8.GetMaxByteCount(run.Length))));
            }

            if (special < 0)
            {
                break;
            }

            Escape(output, chars[special]);
            chars = chars[(special + 1)..];
        }

        Raw(output, "\""u8);
    }

    private static void Escape(IBufferWriter<byte> output, char c)
    {
        switch (c)
        {
            case '"':
                Raw(output, "\\\""u8);
                break;
            case '\\':
                Raw(output, "\\\\"u8);
                break;
            case '\n':
                Raw(output, "\\n"u8);
                break;
            case '\r':
                Raw(output, "\\r"u8);
                break;
            case '\t':
                Raw(output, "\\t"u8);
                break;
            default:
                var span = output.GetSpan(6);
                "\\u00"u8.CopyTo(span);
                span[4] = (byte)"0123456789abcdef"[c >> 4];
                span[5] = (byte)"0123456789abcdef"[c & 0xF];
                output.Advance(6);
                break;
        }
    }
}
