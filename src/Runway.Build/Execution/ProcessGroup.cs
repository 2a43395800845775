using System.Runtime.InteropServices;

namespace Runway.Build.Execution;

/// <summary>Signals a whole process group, so a build command's children (npm's node, dotnet's compiler servers)
/// end with it.</summary>
internal static partial class ProcessGroup
{
    private const int SigKill = 9;

    /// <summary>Sends SIGKILL to every process in the group; a group that is already gone is not an error.</summary>
    public static void Kill(int groupId)
    {
        if (groupId > 1)
        {
            _ = SendSignal(-groupId, SigKill);
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int SendSignal(int pid, int signal);
}
