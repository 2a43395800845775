using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Runway.Addons.Postgres.Pooling;

/// <summary>Looks at and signals a pgbouncer process by pid, through /proc and kill(1), whether Runway started it or adopted it.</summary>
internal static class PgBouncerProcess
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(25);

    /// <summary>True when <paramref name="pid"/> is a live pgbouncer reading <paramref name="configFile"/>, so a pid file that outlived
    /// its process never makes Runway adopt or signal an unrelated process that reused the pid.</summary>
    public static bool IsBouncerOf(int pid, string configFile)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var close = stat.LastIndexOf(')');
            if (close < 0 || close + 2 >= stat.Length || stat[close + 2] is 'Z' or 'X')
            {
                return false;
            }

            var arguments = File.ReadAllText($"/proc/{pid}/cmdline").Split('\0', StringSplitOptions.RemoveEmptyEntries);
            return arguments.Length > 0 && Path.GetFileName(arguments[0]) == "pgbouncer" && arguments.Contains(configFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Sends <paramref name="signal"/> (HUP: reload; INT: safe shutdown; TERM: immediate shutdown) when the process is still ours.</summary>
    public static async Task SignalAsync(PostgresCommand command, int pid, string signal, string configFile, CancellationToken ct)
    {
        if (!IsBouncerOf(pid, configFile))
        {
            return;
        }

        // Root may signal the postgres user's process; an unprivileged Runway runs PgBouncer as itself.
        var result = await command.RunAsync("/bin/kill", ["-s", signal, pid.ToString(CultureInfo.InvariantCulture)], asClusterUser: false, ct);
        if (result.ExitCode != 0 && IsBouncerOf(pid, configFile))
        {
            throw command.Failure(result, $"sending SIG{signal} to pgbouncer (pid {pid})");
        }
    }

    /// <summary>Waits up to <paramref name="timeout"/> for <paramref name="pid"/> to stop being our pgbouncer; true when it did.</summary>
    public static async Task<bool> WaitForExitAsync(int pid, string configFile, TimeSpan timeout, TimeProvider time, CancellationToken ct)
    {
        var started = time.GetTimestamp();
        while (IsBouncerOf(pid, configFile))
        {
            if (time.GetElapsedTime(started) >= timeout)
            {
                return false;
            }

            await Task.Delay(PollInterval, time, ct);
        }

        return true;
    }

    /// <summary>True when something accepts TCP connections on 127.0.0.1:<paramref name="port"/>.</summary>
    public static async Task<bool> AcceptsAsync(int port, CancellationToken ct)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), ct);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
