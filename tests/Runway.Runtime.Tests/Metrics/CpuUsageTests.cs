using Runway.Runtime.Metrics;

namespace Runway.Runtime.Tests.Metrics;

public sealed class CpuUsageTests
{
    private static readonly DateTimeOffset Start = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static InstanceMetricsReading Reading(double cpuSeconds, double atSeconds, string service = "web") =>
        new(new InstanceId(service, 1), new InstanceMetrics(cpuSeconds, 0, 1), Start.AddSeconds(atSeconds));

    [Theory]
    [InlineData(1.0, 1.5, 1.0, 50)]
    [InlineData(0.0, 4.0, 2.0, 200)]
    [InlineData(2.0, 2.0, 5.0, 0)]
    [InlineData(3.0, 1.0, 1.0, 0)]
    [InlineData(1.0, 2.0, 0.0, 0)]
    public void Percent_of_one_cpu_from_two_readings(double before, double after, double seconds, double expected)
    {
        Assert.Equal(expected, CpuUsage.Percent(Reading(before, 10), Reading(after, 10 + seconds)), precision: 6);
    }

    [Fact]
    public void Readings_of_different_instances_cannot_be_compared()
    {
        Assert.Throws<ArgumentException>(() => CpuUsage.Percent(Reading(1, 0), Reading(2, 1, "worker")));
    }
}
