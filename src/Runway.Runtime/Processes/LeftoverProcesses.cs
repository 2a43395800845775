namespace Runway.Runtime.Processes;

/// <summary>Instances left running by a Runway that ended without stopping them (kill -9): found again by process id and
/// start time, so a process id the kernel has since reused for something else is never signalled.</summary>
public static class LeftoverProcesses
{
    /// <summary>The process's start time in clock ticks since boot (field 22 of /proc/PID/stat), or null when it is gone.</summary>
    public static long? StartTicks(int processId) => ProcStat.Read(processId)?.StartTicks;

    /// <summary>Kills the process group led by <paramref name="processId"/> (instances lead their own group) when the leader
    /// is still the recorded process (running, or a zombie nobody reaped): SIGTERM, up to <paramref name="wait"/> for the
    /// leader to end, then SIGKILL to whatever is left in the group.</summary>
    /// <returns>True when the group was signalled.</returns>
    public static async Task<bool> KillGroupAsync(int processId, long startTicks, TimeSpan wait, CancellationToken cancellationToken = default)
    {
        if (ProcStat.Read(processId)?.StartTicks != startTicks)
        {
            return false;
        }

        LibC.Kill(-processId, LibC.SIGTERM);
        var deadline = DateTime.UtcNow + wait;
        while (ProcStat.Read(processId) is { IsRunning: true } stat && stat.StartTicks == startTicks && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50, cancellationToken);
        }

        LibC.Kill(-processId, LibC.SIGKILL);
        return true;
    }
}
