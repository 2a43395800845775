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

/// <summary>A response's status line and header block, checked once and then read in place: the status, whether the connection
/// stays open, how the body is framed, and the header fields one by one.</summary>
internal readonly ref struct Http1ResponseHead
{
    private readonly ReadOnlySpan<byte> _fields;

    private Http1ResponseHead(int status, ReadOnlySpan<byte> reason, ReadOnlySpan<byte> fields, bool http11)
    {
        Status = status;
        Reason = reason;
        _fields = fields;
        Http11 = http11;
    }

    public int Status { get; }

    public ReadOnlySpan<byte> Reason { get; }

    /// <summary>HTTP/1.1 (an HTTP/1.0 response closes the connection).</summary>
    public bool Http11 { get; }

    public FieldEnumerator Fields => new(_fields);

    /// <summary>Finds the end of a head in <paramref name="buffer"/> and checks it.</summary>
    /// <returns>The head's length with its blank line; 0 when more bytes are needed; -1 when it is malformed.</returns>
    public static int TryParse(ReadOnlySpan<byte> buffer, out Http1ResponseHead head)
    {
        head = default;
        var end = buffer.IndexOf("\r\n\r\n"u8);
        if (end < 0)
        {
            return 0;
        }

        var block = buffer[..(end + 2)];
        var lineEnd = block.IndexOf("\r\n"u8);
        var statusLine = block[..lineEnd];
        // status-line = HTTP-version SP status-code SP [ reason-phrase ] (RFC 9112 §4); some servers omit the SP after the code.
        if (statusLine.Length < 12 || !statusLine.StartsWith("HTTP/1."u8) || statusLine[7] is not ((byte)'0' or (byte)'1') || statusLine[8] != ' '
            || !Utf8Parser.TryParse(statusLine.Slice(9, 3), out int status, out var consumed) || consumed != 3 || status < 100
            || (statusLine.Length > 12 && statusLine[12] != ' '))
        {
            return -1;
        }

        var reason = statusLine.Length > 13 ? statusLine[13..] : [];
        var fields = block[(lineEnd + 2)..];
        if (reason.ContainsAny(ForbiddenValueBytes) || !FieldsAreValid(fields))
        {
            return -1;
        }

        head = new Http1ResponseHead(status, reason, fields, statusLine[7] == '1');
        return end + 4;
    }

    // RFC 9110 §5.6.2 tchar; field values may hold any byte but controls other than tab (RFC 9110 §5.5).
    private static readonly SearchValues<byte> TokenBytes = SearchValues.Create("!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"u8);
    private static readonly SearchValues<byte> ForbiddenValueBytes = SearchValues.Create(
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 127]);

    /// <summary>Each field line is <c>token ":" OWS value OWS</c> with no control characters but tab; a line starting with white
    /// space (obsolete line folding) is refused, as RFC 9112 §5.2 lets a proxy do.</summary>
    private static bool FieldsAreValid(ReadOnlySpan<byte> fields)
    {
        while (!fields.IsEmpty)
        {
            var lineEnd = fields.IndexOf("\r\n"u8);
            var line = fields[..lineEnd];
            var colon = line.IndexOf((byte)':');
            if (colon <= 0 || line[..colon].ContainsAnyExcept(TokenBytes) || line[(colon + 1)..].ContainsAny(ForbiddenValueBytes))
            {
                return false;
            }

            fields = fields[(lineEnd + 2)..];
        }

        return true;
    }

    /// <summary>The header fields in order, each as name and trimmed value.</summary>
    internal ref struct FieldEnumerator(ReadOnlySpan<byte> fields)
    {
        private ReadOnlySpan<byte> _rest = fields;

        public ReadOnlySpan<byte> Name { get; private set; }

        public ReadOnlySpan<byte> Value { get; private set; }

        public bool MoveNext()
        {
            if (_rest.IsEmpty)
            {
                return false;
            }

            var lineEnd = _rest.IndexOf("\r\n"u8);
            var line = _rest[..lineEnd];
            _rest = _rest[(lineEnd + 2)..];
            var colon = line.IndexOf((byte)':');
            Name = line[..colon];
            Value = line[(colon + 1)..].Trim(" \t"u8);
            return true;
        }
    }
}
