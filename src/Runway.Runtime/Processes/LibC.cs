using System.Runtime.InteropServices;

namespace Runway.Runtime.Processes;

/// <summary>The few libc calls .NET's Process class does not offer: signalling a whole process group.</summary>
internal static partial class LibC
{
    public const int SIGKILL = 9;

    public const int SIGTERM = 15;

    /// <summary>errno: no such process or process group.</summary>
    public const int ESRCH = 3;

    /// <summary>kill(2): a negative pid addresses the process group -pid.</summary>
    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static partial int Kill(int pid, int signal);
}
