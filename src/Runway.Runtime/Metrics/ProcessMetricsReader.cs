using System.Globalization;
using Runway.Runtime.Processes;

namespace Runway.Runtime.Metrics;

/// <summary>Reads CPU time, resident memory and process count of a set of processes from /proc.</summary>
public static class ProcessMetricsReader
{
    /// <summary>Linux's USER_HZ, used when sysconf cannot be asked.</summary>
    private const long DefaultClockTicks = 100;

    /// <summary>The processes with these ids (an isolated instance's cgroup members); ended ones are skipped.</summary>
    public static InstanceMetrics ReadProcesses(IEnumerable<int> processIds) => ReadProcesses(processIds, "/proc", ClockTicksPerSecond(), Environment.SystemPageSize);

    /// <summary>Every process in process group <paramref name="groupId"/> (an instance that is not isolated).</summary>
    public static InstanceMetrics ReadProcessGroup(int groupId) => ReadProcessGroup(groupId, "/proc", ClockTicksPerSecond(), Environment.SystemPageSize);

    internal static InstanceMetrics ReadProcesses(IEnumerable<int> processIds, string procRoot, long clockTicks, long pageSize) =>
        Sum(processIds.Distinct().Select(pid => ProcStat.Read(procRoot, pid)), clockTicks, pageSize);

    internal static InstanceMetrics ReadProcessGroup(int groupId, string procRoot, long clockTicks, long pageSize)
    {
        var stats = new List<ProcStat?>();
        foreach (var directory in Directory.EnumerateDirectories(procRoot))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && ProcStat.Read(procRoot, pid) is { } stat && stat.GroupId == groupId)
            {
                stats.Add(stat);
            }
        }

        return Sum(stats, clockTicks, pageSize);
    }

    /// <summary>sysconf(_SC_CLK_TCK): the unit of the CPU times in /proc/PID/stat.</summary>
    internal static long ClockTicksPerSecond()
    {
        var ticks = (long)LibC.SysConf(LibC._SC_CLK_TCK);
        return ticks > 0 ? ticks : DefaultClockTicks;
    }

    private static InstanceMetrics Sum(IEnumerable<ProcStat?> stats, long clockTicks, long pageSize)
    {
        long ticks = 0, pages = 0;
        var count = 0;
        foreach (var stat in stats)
        {
            if (stat is { IsRunning: true } running)
            {
                ticks += running.CpuTicks;
                pages += running.ResidentPages;
                count++;
            }
        }

        return new InstanceMetrics((double)ticks / clockTicks, pages * pageSize, count);
    }
}
