using System.Diagnostics;

namespace Runway.Addons.Redis;

/// <summary>Looks at and ends redis-server processes by pid, through /proc, whether Runway started them or adopted them.</summary>
internal static class RedisProcess
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(25);

    /// <summary>True when <paramref name="pid"/> runs and is not a zombie (/proc/PID/stat, the state after the command name).</summary>
    public static bool IsAlive(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }

        var close = stat.LastIndexOf(')');
        return close >= 0 && close + 2 < stat.Length && stat[close + 2] is not ('Z' or 'X');
    }

    /// <summary>True when <paramref name="pid"/> is a live redis-server working in <paramref name="directory"/> (its <c>dir</c>),
    /// so a pid file that outlived its server never makes Runway adopt or signal an unrelated process that reused the pid.</summary>
    public static bool IsServerOf(int pid, string directory)
    {
        try
        {
            return IsAlive(pid)
                && File.ReadAllText($"/proc/{pid}/comm").Trim() == "redis-server"
                && new DirectoryInfo($"/proc/{pid}/cwd").LinkTarget == directory;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Waits up to <paramref name="timeout"/> for <paramref name="pid"/> to end; true when it did.</summary>
    public static async Task<bool> WaitForExitAsync(int pid, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        while (IsAlive(pid))
        {
            if (time.GetElapsedTime(started) >= timeout)
            {
                return false;
            }

            await Task.Delay(PollInterval, time, cancellationToken);
        }

        return true;
    }

    /// <summary>SIGKILL to <paramref name="pid"/> when it is still the server of <paramref name="directory"/>.</summary>
    public static void Kill(int pid, string directory)
    {
        if (!IsServerOf(pid, directory))
        {
            return;
        }

        try
        {
            using var process = Process.GetProcessById(pid);
            process.Kill();
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // It ended between the check and the signal.
        }
    }
}
