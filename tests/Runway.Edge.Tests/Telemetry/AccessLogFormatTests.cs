using System.Globalization;
using System.Text;
using Runway.Edge.Telemetry;

namespace Runway.Edge.Tests.Telemetry;

public sealed class AccessLogFormatTests
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

        var length = AccessLog.FormatMilliseconds(TimeSpan.FromTicks(ticks), buffer);

        Assert.Equal(expected, Encoding.ASCII.GetString(buffer[..length]));
    }

    [Fact]
    public void The_text_reads_back_as_the_rounded_double()
    {
        Span<byte> buffer = stackalloc byte[24];
        foreach (var ticks in new long[] { 1, 77, 999, 10_001, 123_456, 9_999_999, 86_400_000_000 })
        {
            var duration = TimeSpan.FromTicks(ticks);
            var length = AccessLog.FormatMilliseconds(duration, buffer);

            var read = double.Parse(Encoding.ASCII.GetString(buffer[..length]), CultureInfo.InvariantCulture);

            Assert.Equal(Math.Round(duration.TotalMilliseconds, 3, MidpointRounding.AwayFromZero), read, 9);
        }
    }
}
