using System.Globalization;

namespace Runway.Runtime.Processes;

/// <summary>The fields of /proc/PID/stat that Runway reads (proc(5)): the state, the process group, the start time (to know a
/// process again by pid), and for metrics the CPU times in clock ticks and the resident size in pages.</summary>
public readonly record struct ProcStat(char State, int GroupId, long StartTicks, long UserTicks, long SystemTicks, long ChildUserTicks, long ChildSystemTicks, long ResidentPages)
{
    /// <summary>Running or sleeping: not a zombie waiting to be reaped, not dead.</summary>
    public bool IsRunning => State is not ('Z' or 'X');

    public long CpuTicks => UserTicks + SystemTicks + ChildUserTicks + ChildSystemTicks;

    /// <summary>True when process <paramref name="pid"/> exists and is not a zombie.</summary>
    public static bool IsAlive(int pid) => Read(pid) is { IsRunning: true };

    /// <summary>Reads /proc/PID/stat; null when the process is gone or the line is malformed.</summary>
    public static ProcStat? Read(int pid) => Read("/proc", pid);

    /// <summary>Reads /proc/PID/stat under <paramref name="procRoot"/>; null when the process is gone or the line is malformed.</summary>
    public static ProcStat? Read(string procRoot, int pid)
    {
        try
        {
            return Parse(File.ReadAllText(Path.Combine(procRoot, pid.ToString(CultureInfo.InvariantCulture), "stat")));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null; // the process ended while we looked
        }
    }

    /// <summary>"pid (comm) state ppid pgrp … utime stime cutime cstime … rss …"; comm may hold spaces and ')' so fields
    /// are counted after the last ')': state is field 3, pgrp 5, utime 14, stime 15, cutime 16, cstime 17, starttime 22, rss 24.</summary>
    public static ProcStat? Parse(string text)
    {
        var close = text.LastIndexOf(')');
        if (close < 0)
        {
            return null;
        }

        var fields = text[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 22 || fields[0].Length != 1)
        {
            return null;
        }

        long Field(int number) => long.TryParse(fields[number - 3], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value : 0;
        return new ProcStat(fields[0][0], (int)Field(5), Field(22), Field(14), Field(15), Field(16), Field(17), Field(24));
    }
}
