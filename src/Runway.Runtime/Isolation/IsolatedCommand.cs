using System.Globalization;
using System.Text;

namespace Runway.Runtime.Isolation;

/// <summary>The shell script an isolated instance starts with: join the cgroup, then become the instance's user and run its command.</summary>
/// <remarks>The launched shell writes its own pid ($$) into cgroup.procs of each of its cgroups and then execs, so the
/// cgroup holds the process before the user's command runs and everything it starts is born inside (a fork inherits
/// its parent's cgroup). The exec chain keeps the pid: setsid, this shell, setpriv and the command's shell are one
/// process, which stays the leader of the instance's process group. util-linux setpriv sets real and effective
/// uid/gid and the user's groups (capabilities of root are dropped by the uid change) and no_new_privs, so set-uid
/// programs cannot give the command root back.</remarks>
internal static class IsolatedCommand
{
    /// <summary>$0 of the script, shown by ps until the exec.</summary>
    public const string ScriptName = "runway-isolate";

    /// <summary>The exit code of the script when it cannot join a cgroup.</summary>
    public const int JoinFailedExitCode = 125;

    /// <summary>Arguments after <c>/bin/sh</c>: <c>-c SCRIPT runway-isolate COMMAND</c>; the command arrives as $1, unquoted by nothing.</summary>
    public static IReadOnlyList<string> ShellArguments(IEnumerable<string> procsFiles, SystemUser user, string setpriv, string command)
    {
        var script = new StringBuilder();
        script.Append("for procs in ").AppendJoin(' ', procsFiles.Select(Quote)).Append("; do ");
        script.Append(CultureInfo.InvariantCulture, $"echo $$ > \"$procs\" || {{ echo \"runway: could not join the cgroup $procs\" >&2; exit {JoinFailedExitCode}; }}; done; ");
        script.Append("exec ").Append(Quote(setpriv));
        script.Append(CultureInfo.InvariantCulture, $" --reuid={user.Uid} --regid={user.Gid} --init-groups --no-new-privs -- /bin/sh -c \"$1\"");
        return ["-c", script.ToString(), ScriptName, command];
    }

    /// <summary>POSIX single quotes: nothing inside is special except the quote itself.</summary>
    private static string Quote(string text) => "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
