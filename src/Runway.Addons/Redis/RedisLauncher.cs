using System.Diagnostics;

namespace Runway.Addons.Redis;

/// <summary>Starts redis-server on a redis.conf: in its own session (a Ctrl-C of Runway's terminal does not reach it,
/// and it outlives a restart of Runway, which adopts it again), with its output appended to redis.log (a file, not a pipe,
/// so nothing breaks when Runway goes away), and as the redis user when Runway is root.</summary>
internal static class RedisLauncher
{
    /// <summary>$0 of the launching shell, shown by ps until it execs redis-server.</summary>
    private const string ScriptName = "runway-redis";

    /// <summary>The exec chain keeps one pid: setsid (not a group leader, so it does not fork), the shell, setpriv and
    /// redis-server are one process, whose pid is the one Redis writes to its pid file.</summary>
    public static Process Start(RedisHost host, RedisFiles files)
    {
        var start = new ProcessStartInfo { UseShellExecute = false };
        var arguments = start.ArgumentList;
        if (host.SetsidPath is { } setsid)
        {
            start.FileName = setsid;
            arguments.Add("/bin/sh");
        }
        else
        {
            start.FileName = "/bin/sh";
        }

        arguments.Add("-c");
        arguments.Add("log=$1; shift; exec \"$@\" </dev/null >>\"$log\" 2>&1");
        arguments.Add(ScriptName);
        arguments.Add(files.LogFile);
        if (host.RunAs is { } user && host.SetprivPath is { } setpriv)
        {
            // util-linux setpriv: real and effective uid/gid and the user's groups; no_new_privs keeps root out of reach.
            arguments.Add(setpriv);
            arguments.Add($"--reuid={user.Uid}");
            arguments.Add($"--regid={user.Gid}");
            arguments.Add("--init-groups");
            arguments.Add("--no-new-privs");
            arguments.Add("--");
        }

        arguments.Add(host.ServerPath);
        arguments.Add(files.ConfigFile);
        return Process.Start(start) ?? throw new RedisAddonException($"redis-server could not be started from {host.ServerPath}");
    }

    /// <summary>chown -R of the directory to <paramref name="user"/> (symbolic links themselves, never their targets),
    /// after checking that the user can reach it at all.</summary>
    /// <exception cref="RedisAddonException">An ancestor directory is closed to other users, or chown failed.</exception>
    public static async Task GiveDirectoryAsync(RedisFiles files, RedisUser user, CancellationToken cancellationToken)
    {
        for (var ancestor = Path.GetDirectoryName(files.Directory); ancestor is not null; ancestor = Path.GetDirectoryName(ancestor))
        {
            var mode = File.GetUnixFileMode(ancestor);
            if ((mode & UnixFileMode.OtherExecute) == 0)
            {
                var octal = Convert.ToString((int)mode, 8).PadLeft(3, '0');
                throw new RedisAddonException(
                    $"the {user.Name} user cannot reach {files.Directory}: {ancestor} is not searchable by other users (mode {octal}); keep RUNWAY_HOME out of it (e.g. /var/lib/runway), or chmod o+x {ancestor}");
            }
        }

        var chown = new ProcessStartInfo("chown") { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in new[] { "-R", "-h", $"{user.Uid}:{user.Gid}", "--", files.Directory })
        {
            chown.ArgumentList.Add(argument);
        }

        using var process = Process.Start(chown) ?? throw new RedisAddonException("chown could not be started");
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        _ = await process.StandardOutput.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new RedisAddonException($"could not give {files.Directory} to the {user.Name} user: chown exited with {process.ExitCode}: {(await error).Trim()}");
        }
    }
}
