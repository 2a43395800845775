using System.Globalization;
using System.Runtime.InteropServices;

namespace Runway.Runtime.Processes;

/// <summary>Signals and inspects a process group (every process started under one instance).</summary>
internal static class ProcessGroup
{
    /// <summary>Sends <paramref name="signal"/> to every process of group <paramref name="groupId"/>.
    /// Returns false when the group has no process left (ESRCH).</summary>
    public static bool Signal(int groupId, int signal)
    {
        if (LibC.Kill(-groupId, signal) == 0)
        {
            return true;
        }

        return Marshal.GetLastPInvokeError() != LibC.ESRCH;
    }

    /// <summary>Sends <paramref name="signal"/> to one process.</summary>
    public static bool SignalProcess(int processId, int signal) => LibC.Kill(processId, signal) == 0;

    /// <summary>Ids of the processes in group <paramref name="groupId"/> that still run (zombies excluded),
    /// read from /proc/&lt;pid&gt;/stat (field 5 is the process group; field 3 the state).</summary>
    public static IReadOnlyList<int> LiveMembers(int groupId)
    {
        var members = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            var name = Path.GetFileName(directory);
            if (name.Length == 0 || !char.IsAsciiDigit(name[0]) || !int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            if (ProcStat.Read(pid) is { IsRunning: true } stat && stat.GroupId == groupId)
            {
                members.Add(pid);
            }
        }

        return members;
    }

    /// <summary>True when process <paramref name="processId"/> exists and is not a zombie.</summary>
    public static bool IsAlive(int processId) => ProcStat.IsAlive(processId);
}
