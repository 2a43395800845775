using System.Runtime.InteropServices;

namespace Runway.EndToEnd.Tests;

internal static partial class NativeSignals
{
    public static int Send(int pid, int signal) => Kill(pid, signal);

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
