using Runway.Runtime.Metrics;
using Runway.Runtime.Processes;
using Runway.Tests.Shared;

namespace Runway.Runtime.Tests.Metrics;

/// <summary>/proc parsing against files written in a temporary directory.</summary>
public sealed class ProcessMetricsReaderTests : IDisposable
{
    private readonly TempDirectory _proc = new();

    public void Dispose() => _proc.Dispose();

    /// <summary>A stat line: utime, stime, cutime, cstime in ticks; rss in pages.</summary>
    private void Stat(int pid, string comm, char state, int group, long utime, long stime, long cutime, long cstime, long rss) =>
        _proc.Write($"{pid}/stat", $"{pid} ({comm}) {state} 1 {group} {group} 0 -1 4194560 100 0 0 0 {utime} {stime} {cutime} {cstime} 20 0 1 0 12345 1000000 {rss} 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0\n");

    [Fact]
    public void Parses_the_fields_after_a_command_name_with_spaces_and_parentheses()
    {
        var stat = ProcStat.Parse("42 (my (odd) name) S 1 40 40 0 -1 4194560 100 0 0 0 250 50 7 3 20 0 1 0 12345 1000000 512 18446744073709551615\n");

        Assert.Equal(new ProcStat('S', 40, 12345, 250, 50, 7, 3, 512), stat);
        Assert.Null(ProcStat.Parse("42 (truncated) S 1 40"));
    }

    [Fact]
    public void Adds_up_cpu_time_and_resident_memory_of_running_processes()
    {
        Stat(10, "node server.js", 'S', 10, utime: 300, stime: 100, cutime: 50, cstime: 50, rss: 1000);
        Stat(11, "worker", 'R', 10, utime: 100, stime: 0, cutime: 0, cstime: 0, rss: 500);
        Stat(12, "done", 'Z', 10, utime: 999, stime: 999, cutime: 0, cstime: 0, rss: 0);
        Stat(20, "other", 'S', 20, utime: 1, stime: 1, cutime: 0, cstime: 0, rss: 7);

        var listed = ProcessMetricsReader.ReadProcesses([10, 11, 12, 13, 11], _proc.Path, clockTicks: 100, pageSize: 4096);
        var group = ProcessMetricsReader.ReadProcessGroup(10, _proc.Path, clockTicks: 100, pageSize: 4096);

        Assert.Equal(new InstanceMetrics(6.0, 1500 * 4096, 2), listed);
        Assert.Equal(listed, group);
    }

    [Fact]
    public void The_clock_tick_rate_comes_from_the_system()
    {
        Assert.InRange(ProcessMetricsReader.ClockTicksPerSecond(), 1, 10_000);
    }
}
