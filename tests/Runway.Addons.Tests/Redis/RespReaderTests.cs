using System.Text;
using Runway.Addons.Redis;

namespace Runway.Addons.Tests.Redis;

public sealed class RespReaderTests
{
    private static async Task<RespValue> ReadAsync(string wire) => await new RespReader(new MemoryStream(Encoding.UTF8.GetBytes(wire))).ReadAsync(CancellationToken.None);

    [Fact]
    public async Task Simple_strings_errors_and_integers()
    {
        var pong = await ReadAsync("+PONG\r\n");
        Assert.Equal(RespType.SimpleString, pong.Type);
        Assert.True(pong.IsText("PONG"));

        var error = await ReadAsync("-NOAUTH Authentication required.\r\n");
        Assert.True(error.IsError);
        Assert.Equal("NOAUTH Authentication required.", error.Text);

        Assert.Equal(-42, (await ReadAsync(":-42\r\n")).Integer);
        Assert.Equal(long.MaxValue, (await ReadAsync(":9223372036854775807\r\n")).Integer);
    }

    [Fact]
    public async Task Bulk_strings_keep_their_bytes_including_crlf_inside()
    {
        var bulk = await ReadAsync("$7\r\na\r\nb\u00e9c\r\n");
        Assert.Equal(RespType.BulkString, bulk.Type);
        Assert.Equal("a\r\nb\u00e9c", bulk.Text);

        Assert.Equal("", (await ReadAsync("$0\r\n\r\n")).Text);
        Assert.Equal(RespType.Null, (await ReadAsync("$-1\r\n")).Type);
    }

    [Fact]
    public async Task Arrays_nest_and_may_be_null_or_empty()
    {
        var reply = await ReadAsync("*3\r\n$9\r\nmaxmemory\r\n:5\r\n*2\r\n+a\r\n$-1\r\n");

        Assert.Equal(RespType.Array, reply.Type);
        Assert.Equal("[\"maxmemory\", (integer) 5, [a, (nil)]]", reply.ToString());
        Assert.Empty((await ReadAsync("*0\r\n")).Items);
        Assert.Equal(RespType.Null, (await ReadAsync("*-1\r\n")).Type);
    }

    [Fact]
    public async Task Replies_are_read_one_after_another_from_one_stream_even_in_small_pieces()
    {
        var wire = Encoding.UTF8.GetBytes("+OK\r\n$5\r\nhello\r\n:1\r\n");
        var reader = new RespReader(new OneByteStream(wire));

        Assert.True((await reader.ReadAsync(CancellationToken.None)).IsText("OK"));
        Assert.True((await reader.ReadAsync(CancellationToken.None)).IsText("hello"));
        Assert.Equal(1, (await reader.ReadAsync(CancellationToken.None)).Integer);
    }

    [Fact]
    public async Task A_bulk_string_larger_than_the_buffer_is_read_whole()
    {
        var payload = new string('x', 100_000);
        var reply = await ReadAsync($"${payload.Length}\r\n{payload}\r\n");

        Assert.Equal(payload, reply.Text);
    }

    [Theory]
    [InlineData("", "closed before a complete reply")]
    [InlineData("+OK", "closed before a complete reply")]
    [InlineData("$5\r\nhel", "closed before a complete reply")]
    [InlineData("+OK\n", "LF alone")]
    [InlineData("%1\r\n", "unexpected reply type byte 0x25 ('%')")]
    [InlineData(":abc\r\n", "\"abc\" is not a valid integer")]
    [InlineData("$-2\r\n", "bulk string length of -2")]
    [InlineData("$3\r\nabcd\r\n", "not followed by CRLF")]
    [InlineData("*-5\r\n", "array of -5 elements")]
    [InlineData("\r\n", "empty line")]
    public async Task Bytes_that_are_not_resp2_are_a_protocol_error(string wire, string message)
    {
        var error = await Assert.ThrowsAsync<RespProtocolException>(() => ReadAsync(wire));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_line_without_end_is_refused_after_the_limit()
    {
        var error = await Assert.ThrowsAsync<RespProtocolException>(() => ReadAsync("+" + new string('a', RespReader.MaxLineLength + 10)));

        Assert.Contains("longer than", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Arrays_nested_too_deep_are_refused()
    {
        var error = await Assert.ThrowsAsync<RespProtocolException>(() => ReadAsync(string.Concat(Enumerable.Repeat("*1\r\n", RespReader.MaxDepth + 1)) + ":1\r\n"));

        Assert.Contains("depth", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Commands_are_encoded_as_arrays_of_bulk_strings_with_byte_lengths()
    {
        var bytes = RespCommand.Encode(["SET", "k\u00e9y", ""]);

        Assert.Equal("*3\r\n$3\r\nSET\r\n$4\r\nk\u00e9y\r\n$0\r\n\r\n", Encoding.UTF8.GetString(bytes));
        Assert.Throws<ArgumentException>(() => RespCommand.Encode([]));
    }

    /// <summary>Hands out one byte per read, as a slow network might.</summary>
    private sealed class OneByteStream(byte[] data) : MemoryStream(data)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(1, buffer.Length)], cancellationToken);
    }
}
