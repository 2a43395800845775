using System.Globalization;

namespace Runway.Addons.Redis;

/// <summary>A user of the host, from /etc/passwd.</summary>
internal sealed record RedisUser(string Name, uint Uid, uint Gid);

/// <summary>What this host offers to run redis-server: the binary, util-linux's setsid and setpriv, and the
/// <c>redis</c> system user (created by Debian's redis-server package) that the server runs as when Runway is root.</summary>
internal sealed record RedisHost(string ServerPath, string? SetsidPath, string? SetprivPath, RedisUser? RunAs)
{
    public const string UserName = "redis";

    private static readonly string[] FallbackDirectories = ["/usr/bin", "/usr/sbin", "/usr/local/bin", "/bin"];

    /// <summary>Looks at this host.</summary>
    /// <exception cref="RedisAddonException">redis-server is not installed, or Runway is root and the redis user exists but setpriv is missing.</exception>
    public static RedisHost Detect()
    {
        var server = FindExecutable("redis-server")
            ?? throw new RedisAddonException("redis-server was not found on PATH: install it (apt-get install -y redis-server, or scripts/install-prerequisites.sh)");
        var setpriv = FindExecutable("setpriv");
        RedisUser? runAs = null;
        if (Environment.IsPrivilegedProcess && FindUser(UserName, "/etc/passwd") is { } user)
        {
            runAs = setpriv is null
                ? throw new RedisAddonException("setpriv was not found, so redis-server cannot be run as the redis user instead of root: install util-linux (apt-get install -y util-linux)")
                : user;
        }

        return new RedisHost(server, FindExecutable("setsid"), setpriv, runAs);
    }

    /// <summary>The full path of <paramref name="name"/> on PATH (then in the usual system directories), or null.</summary>
    public static string? FindExecutable(string name)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var directory in path.Split(':', StringSplitOptions.RemoveEmptyEntries).Concat(FallbackDirectories))
        {
            var candidate = Path.Combine(directory, name);
            if (File.Exists(candidate) && (File.GetUnixFileMode(candidate) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0)
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>The user named <paramref name="name"/> in <paramref name="passwdFile"/> (name:password:uid:gid:...), or null.</summary>
    public static RedisUser? FindUser(string name, string passwdFile)
    {
        if (!File.Exists(passwdFile))
        {
            return null;
        }

        foreach (var line in File.ReadLines(passwdFile))
        {
            var fields = line.Split(':');
            if (fields.Length >= 4 && fields[0] == name
                && uint.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out var uid)
                && uint.TryParse(fields[3], NumberStyles.None, CultureInfo.InvariantCulture, out var gid))
            {
                return new RedisUser(name, uid, gid);
            }
        }

        return null;
    }
}
