using System.Buffers;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Runway.Edge.Forwarding;
using Runway.Edge.Telemetry;

namespace Runway.Edge.Tests.Telemetry;

public sealed class AccessLogLineTests
{
    [Theory]
    [InlineData(0L, "0")]
    [InlineData(4L, "0")]
    [InlineData(5L, "0.001")]
    [InlineData(10L, "0.001")]
    [InlineData(5_000L, "0.5")]
    [InlineData(10_000L, "1")]
    [InlineData(12_340L, "1.234")]
    [InlineData(12_300L, "1.23")]
    [InlineData(10_050L, "1.005")]
    [InlineData(1_234_567_890L, "123456.789")]
    [InlineData(-20L, "0")]
    public void A_duration_is_written_as_milliseconds_to_the_microsecond_without_trailing_zeros(long ticks, string expected)
    {
        Span<byte> buffer = stackalloc byte[24];

        var length = AccessLogLine.FormatMilliseconds(TimeSpan.FromTicks(ticks), buffer);

        Assert.Equal(expected, Encoding.ASCII.GetString(buffer[..length]));
    }

    [Fact]
    public void The_text_reads_back_as_the_rounded_double()
    {
        Span<byte> buffer = stackalloc byte[24];
        foreach (var ticks in new long[] { 1, 77, 999, 10_001, 123_456, 9_999_999, 86_400_000_000 })
        {
            var duration = TimeSpan.FromTicks(ticks);
            var length = AccessLogLine.FormatMilliseconds(duration, buffer);

            var read = double.Parse(Encoding.ASCII.GetString(buffer[..length]), CultureInfo.InvariantCulture);

            Assert.Equal(Math.Round(duration.TotalMilliseconds, 3, MidpointRounding.AwayFromZero), read, 9);
        }
    }

    [Theory]
    [InlineData("/plain/path?q=1&r=<two>+'three'")]
    [InlineData("/quote\"and\\backslash")]
    [InlineData("/controls\n\r\t\u0001\u001f-end")]
    [InlineData("/caf\u00e9/\u65e5\u672c/\ud83d\ude00")]
    [InlineData("")]
    public void A_line_is_one_json_object_whose_strings_read_back_as_written(string path)
    {
        var entry = new AccessLogEntry(new DateTimeOffset(2026, 12, 7, 21, 30, 5, 123, TimeSpan.Zero), "shop", "web", "GET", "shop.example",
            path, 404, TimeSpan.FromTicks(12_345), 5_000_000_000, "web-2", ForwardError.ResponseBodyTimedOut, IPAddress.Parse("::1"));
        var output = new ArrayBufferWriter<byte>(16);

        AccessLogLine.Write(output, entry);

        var text = Encoding.UTF8.GetString(output.WrittenSpan);
        Assert.EndsWith("}\n", text, StringComparison.Ordinal);
        Assert.Single(text.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        var line = JsonDocument.Parse(text).RootElement;
        Assert.Equal(entry.StartedAt, line.GetProperty("time").GetDateTimeOffset());
        Assert.Equal("shop", line.GetProperty("app").GetString());
        Assert.Equal("web", line.GetProperty("part").GetString());
        Assert.Equal("GET", line.GetProperty("method").GetString());
        Assert.Equal("shop.example", line.GetProperty("host").GetString());
        Assert.Equal(path, line.GetProperty("path").GetString());
        Assert.Equal(404, line.GetProperty("status").GetInt32());
        Assert.Equal(1.235, line.GetProperty("durationMs").GetDouble());
        Assert.Equal(5_000_000_000, line.GetProperty("bytes").GetInt64());
        Assert.Equal("web-2", line.GetProperty("upstream").GetString());
        Assert.Equal("ResponseBodyTimedOut", line.GetProperty("upstreamError").GetString());
        Assert.Equal("::1", line.GetProperty("client").GetString());
    }

    [Fact]
    public void Missing_values_are_null_or_left_out_and_an_unpaired_surrogate_becomes_the_replacement_character()
    {
        var entry = new AccessLogEntry(DateTimeOffset.UnixEpoch, "shop", "web", "GET", null, "/lone-\ud800-surrogate\"", 200, TimeSpan.Zero, 0,
            null, ForwardError.None, null);
        var output = new ArrayBufferWriter<byte>();

        AccessLogLine.Write(output, entry);

        var line = JsonDocument.Parse(output.WrittenMemory).RootElement;
        Assert.Equal(JsonValueKind.Null, line.GetProperty("host").ValueKind);
        Assert.Equal(JsonValueKind.Null, line.GetProperty("client").ValueKind);
        Assert.False(line.TryGetProperty("upstream", out _));
        Assert.False(line.TryGetProperty("upstreamError", out _));
        Assert.Equal("/lone-\ufffd-surrogate\"", line.GetProperty("path").GetString());
        Assert.Equal("0", line.GetProperty("durationMs").GetRawText());
    }
}
