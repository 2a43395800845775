using System.Globalization;

namespace Runway.Addons.Redis;

/// <summary>Reads RESP2 replies from a stream (redis.io/docs/reference/protocol-spec): <c>+simple</c>, <c>-error</c>,
/// <c>:integer</c>, <c>$length bulk</c> and <c>*count array</c>, each line ended by CRLF.</summary>
internal sealed class RespReader(Stream stream)
{
    /// <summary>Redis' own proto-max-bulk-len default (512 MB).</summary>
    public const int MaxBulkLength = 512 * 1024 * 1024;

    /// <summary>A header line (type byte, length, simple string, error) longer than this is not a reply of Redis.</summary>
    public const int MaxLineLength = 64 * 1024;

    /// <summary>Arrays nested deeper than this are refused, so a hostile peer cannot exhaust the stack.</summary>
    public const int MaxDepth = 32;

    private byte[] _buffer = new byte[16 * 1024];
    private int _start;
    private int _end;

    /// <summary>The next complete reply.</summary>
    /// <exception cref="RespProtocolException">The bytes are not RESP2, or the connection closed in the middle of a reply.</exception>
    public Task<RespValue> ReadAsync(CancellationToken cancellationToken) => ReadValueAsync(0, cancellationToken);

    private async Task<RespValue> ReadValueAsync(int depth, CancellationToken cancellationToken)
    {
        var line = await ReadLineAsync(cancellationToken);
        if (line.Length == 0)
        {
            throw new RespProtocolException("an empty line where a reply was expected");
        }

        var rest = line[1..];
        switch ((char)line[0])
        {
            case '+':
                return RespValue.SimpleString(rest);
            case '-':
                return RespValue.Error(rest);
            case ':':
                return RespValue.FromInteger(ParseInteger(rest, "integer"));
            case '$':
            {
                var length = ParseInteger(rest, "bulk string length");
                if (length == -1)
                {
                    return RespValue.Null;
                }

                if (length is < 0 or > MaxBulkLength)
                {
                    throw new RespProtocolException(string.Create(CultureInfo.InvariantCulture, $"a bulk string length of {length} (0 to {MaxBulkLength} expected)"));
                }

                return RespValue.BulkString(await ReadBulkAsync((int)length, cancellationToken));
            }

            case '*':
            {
                var count = ParseInteger(rest, "array length");
                if (count == -1)
                {
                    return RespValue.Null;
                }

                if (count is < 0 or > int.MaxValue || depth >= MaxDepth)
                {
                    throw new RespProtocolException(string.Create(CultureInfo.InvariantCulture, $"an array of {count} elements at depth {depth + 1}"));
                }

                // The elements arrive one by one, so a huge announced count cannot allocate before its bytes exist.
                var items = new List<RespValue>((int)Math.Min(count, 1024));
                for (var i = 0; i < count; i++)
                {
                    items.Add(await ReadValueAsync(depth + 1, cancellationToken));
                }

                return RespValue.Array(items);
            }

            default:
                throw new RespProtocolException($"unexpected reply type byte 0x{line[0]:x2} ('{Printable(line[0])}'); only RESP2 (+ - : $ *) is spoken");
        }
    }

    private static long ParseInteger(byte[] digits, string what)
    {
        var text = System.Text.Encoding.ASCII.GetString(digits);
        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new RespProtocolException($"\"{text}\" is not a valid {what}");
    }

    private static char Printable(byte b) => b is >= 0x20 and < 0x7f ? (char)b : '?';

    /// <summary>The bytes up to the next CRLF, which is consumed.</summary>
    private async Task<byte[]> ReadLineAsync(CancellationToken cancellationToken)
    {
        var searched = 0;
        while (true)
        {
            var available = _buffer.AsSpan(_start, _end - _start);
            var lf = available[searched..].IndexOf((byte)'\n');
            if (lf >= 0)
            {
                var end = searched + lf;
                if (end == 0 || available[end - 1] != '\r')
                {
                    throw new RespProtocolException("a line ended by LF alone (CRLF expected)");
                }

                var line = available[..(end - 1)].ToArray();
                _start += end + 1;
                return line;
            }

            searched = available.Length;
            if (searched > MaxLineLength)
            {
                throw new RespProtocolException(string.Create(CultureInfo.InvariantCulture, $"a reply line longer than {MaxLineLength} bytes"));
            }

            await FillAsync(cancellationToken);
        }
    }

    /// <summary><paramref name="length"/> bytes followed by CRLF.</summary>
    private async Task<byte[]> ReadBulkAsync(int length, CancellationToken cancellationToken)
    {
        var bulk = new byte[length];
        var copied = 0;
        while (copied < length)
        {
            if (_start == _end)
            {
                await FillAsync(cancellationToken);
            }

            var take = Math.Min(length - copied, _end - _start);
            _buffer.AsSpan(_start, take).CopyTo(bulk.AsSpan(copied));
            _start += take;
            copied += take;
        }

        while (_end - _start < 2)
        {
            await FillAsync(cancellationToken);
        }

        if (_buffer[_start] != '\r' || _buffer[_start + 1] != '\n')
        {
            throw new RespProtocolException(string.Create(CultureInfo.InvariantCulture, $"a bulk string of {length} bytes not followed by CRLF"));
        }

        _start += 2;
        return bulk;
    }

    /// <summary>Reads more bytes after those not consumed yet, compacting or growing the buffer as needed.</summary>
    private async Task FillAsync(CancellationToken cancellationToken)
    {
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }

        var read = await stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken);
        if (read == 0)
        {
            throw new RespProtocolException("the connection was closed before a complete reply arrived");
        }

        _end += read;
    }
}
