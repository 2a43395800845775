using Runway.Model;
using Runway.Runtime.Tests.Support;
using Runway.Tests.Shared;

namespace Runway.Runtime.Tests.Metrics;

/// <summary>Metrics of real instances (not isolated: their process groups).</summary>
public sealed class InstanceMetricsTests
{
    private const long MiB = 1L << 20;

    [Fact]
    public async Task Memory_of_a_process_holding_50_MB_is_counted()
    {
        await using var supervisor = new Supervisor(Specs.FastOptions);
        await supervisor.StartAsync([Specs.Worker("exec /usr/bin/python3 -c \"import sys, time; x = b'x' * (50*1024*1024); print('ready', flush=True); time.sleep(60)\"")]);

        await Eventually.TrueAsync(() => supervisor.GetMetrics()[0].Metrics.MemoryBytes >= 40 * MiB, "40 MiB resident", TimeSpan.FromSeconds(20));
        var reading = supervisor.GetMetrics()[0];
        await supervisor.StopAsync();

        Assert.Equal(new InstanceId("worker", 1), reading.Instance);
        Assert.InRange(reading.Metrics.MemoryBytes, 40 * MiB, 200 * MiB);
        Assert.Equal(1, reading.Metrics.Processes);
        Assert.Equal(Runtime.Metrics.InstanceMetrics.None, supervisor.GetMetrics()[0].Metrics);
    }

    [Fact]
    public async Task Cpu_time_grows_while_a_busy_loop_runs_and_every_process_of_the_group_counts()
    {
        await using var supervisor = new Supervisor(Specs.FastOptions);
        var before = DateTimeOffset.UtcNow;
        await supervisor.StartAsync([Specs.Worker("sleep 300 & while :; do :; done", RestartPolicy.Default)]);
        await Eventually.TrueAsync(() => supervisor.GetMetrics()[0].Metrics.Processes == 2, "the shell and its sleep");
        var first = supervisor.GetMetrics()[0];
        await Task.Delay(TimeSpan.FromMilliseconds(600));
        var second = supervisor.GetMetrics()[0];
        var status = supervisor.GetStatus()[0];
        await supervisor.StopAsync();

        Assert.True(second.Metrics.CpuSeconds > first.Metrics.CpuSeconds, $"{first.Metrics.CpuSeconds} s, then {second.Metrics.CpuSeconds} s");
        Assert.True(Runtime.Metrics.CpuUsage.Percent(first, second) > 5, $"{Runtime.Metrics.CpuUsage.Percent(first, second)} %");
        Assert.Equal(2, second.Metrics.Processes);
        Assert.InRange(status.StartedAt!.Value, before, DateTimeOffset.UtcNow);
    }
}
