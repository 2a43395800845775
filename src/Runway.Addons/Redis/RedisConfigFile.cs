using System.Globalization;
using System.Text;

namespace Runway.Addons.Redis;

/// <summary>The redis.conf of one managed Redis: loopback only, a password, the memory limit and policy, and persistence.</summary>
internal static class RedisConfigFile
{
    /// <summary>Redis' default RDB save points (redis.conf of Redis 7: after 3600 s and 1 change, 300 s and 100, 60 s and 10000).</summary>
    public const string DefaultSavePoints = "3600 1 300 100 60 10000";

    public static string Render(string name, RedisFiles files, int port, string password, RedisSettings settings)
    {
        var text = new StringBuilder();
        void Line(string line) => text.Append(line).Append('\n');

        Line($"# Runway's managed Redis for the add-on {Printable(name)}; rewritten at every start, changes here are lost.");
        Line("bind 127.0.0.1");
        Line("protected-mode yes");
        Line(string.Create(CultureInfo.InvariantCulture, $"port {port}"));
        Line("daemonize no");
        Line("supervised no");
        Line($"pidfile {Quote(files.PidFile)}");
        Line("logfile \"\""); // standard output, which the launcher sends to redis.log
        Line("always-show-logo no");
        Line($"dir {Quote(files.Directory)}");
        Line($"dbfilename {Quote(RedisFiles.RdbFileName)}");
        Line($"requirepass {Quote(password)}");
        Line("enable-debug-command local"); // DEBUG DIGEST for backup manifests, only over loopback (redis.conf of Redis 7)
        Line(string.Create(CultureInfo.InvariantCulture, $"maxmemory {settings.MaxMemoryBytes}"));
        Line($"maxmemory-policy {settings.EvictionPolicy}");
        foreach (var (directive, value) in PersistenceDirectives(settings.Persistence))
        {
            Line($"{directive} {(value.Length == 0 ? "\"\"" : value)}");
        }

        return text.ToString();
    }

    /// <summary>appendonly, appendfsync and save for <paramref name="persistence"/>; also applied with CONFIG SET to a
    /// running server. An empty save disables RDB snapshots (redis.conf: <c>save ""</c>).</summary>
    public static IReadOnlyList<(string Directive, string Value)> PersistenceDirectives(RedisPersistence persistence) => persistence switch
    {
        RedisPersistence.Aof => [("appendonly", "yes"), ("appendfsync", "everysec"), ("save", "")],
        RedisPersistence.Rdb => [("appendonly", "no"), ("save", DefaultSavePoints)],
        _ => [("appendonly", "no"), ("save", "")],
    };

    /// <summary>The <c>port</c> of an existing redis.conf, or null.</summary>
    public static int? ReadPort(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        foreach (var line in File.ReadLines(path))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields is ["port", var value]
                && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and <= 65535)
            {
                return port;
            }
        }

        return null;
    }

    /// <summary>A double-quoted argument as redis.conf reads it (sdssplitargs: backslash escapes and \xHH).</summary>
    internal static string Quote(string value)
    {
        var text = new StringBuilder("\"");
        foreach (var c in value)
        {
            _ = c switch
            {
                '\\' => text.Append("\\\\"),
                '"' => text.Append("\\\""),
                < ' ' or '\x7f' => text.Append(CultureInfo.InvariantCulture, $"\\x{(int)c:x2}"),
                _ => text.Append(c),
            };
        }

        return text.Append('"').ToString();
    }

    private static string Printable(string name) => new(name.Select(c => char.IsControl(c) ? '?' : c).ToArray());
}
