using System.Runtime.InteropServices;

namespace Runway.Runtime.Processes;

/// <summary>The few libc calls .NET does not offer: signalling a whole process group, lchown, access, sysconf.</summary>
internal static partial class LibC
{
    public const int SIGKILL = 9;

    public const int SIGTERM = 15;

    /// <summary>errno: no such process or process group.</summary>
    public const int ESRCH = 3;

    /// <summary>access(2) mode: write permission.</summary>
    public const int W_OK = 2;

    /// <summary>sysconf(3) name of the clock tick rate that /proc reports CPU times in.</summary>
    public const int _SC_CLK_TCK = 2;

    /// <summary>kill(2): a negative pid addresses the process group -pid.</summary>
    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static partial int Kill(int pid, int signal);

    /// <summary>lchown(2): changes the owner of a file, or of a symbolic link itself (never its target).</summary>
    [LibraryImport("libc", EntryPoint = "lchown", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int LChown(string path, uint owner, uint group);

    /// <summary>access(2): 0 when the caller may use <paramref name="path"/> as <paramref name="mode"/> says (a read-only mount fails W_OK even for root).</summary>
    [LibraryImport("libc", EntryPoint = "access", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int Access(string path, int mode);

    /// <summary>sysconf(3); C's long is pointer-sized on Linux.</summary>
    [LibraryImport("libc", EntryPoint = "sysconf")]
    public static partial nint SysConf(int name);
}
