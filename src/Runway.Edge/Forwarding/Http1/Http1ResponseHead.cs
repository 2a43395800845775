using System.Buffers;
using System.Buffers.Text;

namespace Runway.Edge.Forwarding.Http1;

/// <summary>How the response body is delimited (RFC 9112 §6.3).</summary>
internal enum Http1BodyFraming
{
    None,
    ContentLength,
    Chunked,
    UntilClose,
}

/// <summary>A response's status line and header block, checked once as it is found. The fields are kept as positions in the
/// head's bytes, so reading them afterwards never scans for line ends again. One per connection, reused for each response.</summary>
internal sealed class Http1ResponseHead
{
    private FieldPosition[] _fields = new FieldPosition[16];
    private int _reasonStart;
    private int _reasonLength;

    public int Status { get; private set; }

    /// <summary>HTTP/1.1 (an HTTP/1.0 response closes the connection).</summary>
    public bool Http11 { get; private set; }

    public int FieldCount { get; private set; }

    /// <summary>Finds the end of a head at the start of <paramref name="buffer"/>, checks it and notes where its parts are.</summary>
    /// <returns>The head's length with its blank line; 0 when more bytes are needed; -1 when it is malformed.</returns>
    public int Parse(ReadOnlySpan<byte> buffer)
    {
        FieldCount = 0;
        var end = buffer.IndexOf("\r\n\r\n"u8);
        if (end < 0)
        {
            return 0;
        }

        var statusLine = buffer[..buffer.IndexOf("\r\n"u8)];
        // status-line = HTTP-version SP status-code SP [ reason-phrase ] (RFC 9112 §4); some servers omit the SP after the code.
        if (statusLine.Length < 12 || !statusLine.StartsWith("HTTP/1."u8) || statusLine[7] is not ((byte)'0' or (byte)'1') || statusLine[8] != ' '
            || !Utf8Parser.TryParse(statusLine.Slice(9, 3), out int status, out var consumed) || consumed != 3 || status < 100
            || (statusLine.Length > 12 && statusLine[12] != ' ')
            || (statusLine.Length > 13 && statusLine[13..].ContainsAny(ForbiddenValueBytes)))
        {
            return -1;
        }

        Status = status;
        Http11 = statusLine[7] == '1';
        _reasonStart = Math.Min(13, statusLine.Length);
        _reasonLength = statusLine.Length - _reasonStart;
        var blockEnd = end + 2;
        for (var position = statusLine.Length + 2; position < blockEnd;)
        {
            var line = buffer[position..blockEnd];
            line = line[..line.IndexOf("\r\n"u8)];
            if (!TryAdd(line, position))
            {
                FieldCount = 0;
                return -1;
            }

            position += line.Length + 2;
        }

        return end + 4;
    }

    public ReadOnlySpan<byte> Reason(ReadOnlySpan<byte> head) => head.Slice(_reasonStart, _reasonLength);

    public ReadOnlySpan<byte> Name(ReadOnlySpan<byte> head, int field) => head.Slice(_fields[field].Start, _fields[field].NameLength);

    /// <summary>The field's value without the white space around it.</summary>
    public ReadOnlySpan<byte> Value(ReadOnlySpan<byte> head, int field) => head.Slice(_fields[field].ValueStart, _fields[field].ValueLength);

    // RFC 9110 §5.6.2 tchar; field values may hold any byte but controls other than tab (RFC 9110 §5.5).
    private static readonly SearchValues<byte> TokenBytes = SearchValues.Create("!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"u8);
    private static readonly SearchValues<byte> ForbiddenValueBytes = SearchValues.Create(
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 127]);

    /// <summary>A field line is <c>token ":" OWS value OWS</c> with no control characters but tab; a line starting with white
    /// space (obsolete line folding) is refused, as RFC 9112 §5.2 lets a proxy do.</summary>
    private bool TryAdd(ReadOnlySpan<byte> line, int position)
    {
        var colon = line.IndexOf((byte)':');
        if (colon <= 0 || line[..colon].ContainsAnyExcept(TokenBytes) || line[(colon + 1)..].ContainsAny(ForbiddenValueBytes))
        {
            return false;
        }

        var valueStart = colon + 1;
        var valueEnd = line.Length;
        while (valueStart < valueEnd && line[valueStart] is (byte)' ' or (byte)'\t')
        {
            valueStart++;
        }

        while (valueEnd > valueStart && line[valueEnd - 1] is (byte)' ' or (byte)'\t')
        {
            valueEnd--;
        }

        if (FieldCount == _fields.Length)
        {
            Array.Resize(ref _fields, _fields.Length * 2);
        }

        _fields[FieldCount++] = new FieldPosition(position, colon, position + valueStart, valueEnd - valueStart);
        return true;
    }

    private readonly record struct FieldPosition(int Start, int NameLength, int ValueStart, int ValueLength);
}
