using System.Globalization;

namespace Runway.Addons.Redis;

/// <summary>Keeps the data when the persistence setting changes. Redis loads only the AOF when appendonly is yes and only
/// dump.rdb when it is no, so a redis.conf edited from rdb to aof would start empty. Redis' documented way
/// (redis.io/docs/management/persistence, "How I can switch to AOF, if I'm currently using dump.rdb snapshots?") is to
/// start on the old setting and switch with CONFIG SET, which writes the new files from memory; this does that. The
/// setting the data directory holds is kept in the file "persistence".</summary>
internal static class RedisDataSwitch
{
    private const string MarkerName = "persistence";
    private const string AofDirectoryName = "appendonlydir";
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    /// <summary>The persistence the files in the directory were written with: the marker, else what the files show, else null.</summary>
    public static RedisPersistence? Previous(RedisFiles files)
    {
        var marker = Path.Combine(files.Directory, MarkerName);
        if (File.Exists(marker))
        {
            var parsed = RedisSettings.Parse(new Dictionary<string, string> { [RedisSettings.PersistenceKey] = File.ReadAllText(marker) }, out _);
            if (parsed is not null)
            {
                return parsed.Persistence;
            }
        }

        return HasAof(files) ? RedisPersistence.Aof : File.Exists(files.RdbFile) ? RedisPersistence.Rdb : null;
    }

    /// <summary>The persistence to start redis-server with so that it loads the data of <paramref name="previous"/>; the data
    /// of a cache (none) never outlives a restart, so its leftover dump.rdb (from a snapshot) is removed first.</summary>
    public static RedisPersistence Boot(RedisFiles files, RedisPersistence? previous, RedisPersistence desired)
    {
        if (previous == RedisPersistence.None)
        {
            File.Delete(files.RdbFile);
            return desired;
        }

        return (previous, desired) switch
        {
            (RedisPersistence.Aof, not RedisPersistence.Aof) when HasAof(files) => RedisPersistence.Aof,
            (RedisPersistence.Rdb, RedisPersistence.Aof) when File.Exists(files.RdbFile) => RedisPersistence.Rdb,
            _ => desired,
        };
    }

    /// <summary>Switches a running server from <paramref name="from"/> to <paramref name="to"/> and waits until the new
    /// files hold the data: the AOF rewrite when turning AOF on, an RDB save when turning it off for rdb.</summary>
    /// <exception cref="RedisAddonException">The rewrite or save failed.</exception>
    public static async Task SwitchAsync(RespClient client, RedisPersistence from, RedisPersistence to, TimeProvider time, CancellationToken ct)
    {
        if (from == to)
        {
            return;
        }

        if (to == RedisPersistence.Aof)
        {
            await client.ExecuteAsync(["CONFIG", "SET", "save", ""], ct);
            await client.ExecuteAsync(["CONFIG", "SET", "appendonly", "yes"], ct); // starts (or schedules) the rewrite from memory
            await WaitAsync(client, "aof_rewrite_in_progress", "aof_rewrite_scheduled", "aof_last_bgrewrite_status", time, ct);
            return;
        }

        await client.ExecuteAsync(["CONFIG", "SET", "appendonly", "no"], ct);
        foreach (var (directive, value) in RedisConfigFile.PersistenceDirectives(to).Where(d => d.Directive != "appendonly"))
        {
            await client.ExecuteAsync(["CONFIG", "SET", directive, value], ct);
        }

        if (to == RedisPersistence.Rdb && from == RedisPersistence.Aof)
        {
            var reply = await client.SendAsync(["BGSAVE", "SCHEDULE"], ct);
            if (reply.IsError && !reply.Text.Contains("already in progress", StringComparison.OrdinalIgnoreCase))
            {
                throw new RedisAddonException($"Redis refused BGSAVE while switching to rdb: {reply.Text}");
            }

            await WaitAsync(client, "rdb_bgsave_in_progress", null, "rdb_last_bgsave_status", time, ct);
        }
    }

    /// <summary>Writes the marker: the data directory now holds <paramref name="persistence"/>'s files.</summary>
    public static void Record(RedisFiles files, RedisPersistence persistence) =>
        RedisFiles.WriteOwnerOnly(Path.Combine(files.Directory, MarkerName), persistence.ToString().ToLowerInvariant() + "\n");

    /// <summary>Removes what a restore replaces: the AOF and the marker, so dump.rdb is what the next start loads.</summary>
    public static void Forget(RedisFiles files)
    {
        var aof = Path.Combine(files.Directory, AofDirectoryName);
        if (Directory.Exists(aof))
        {
            Directory.Delete(aof, recursive: true);
        }

        File.Delete(Path.Combine(files.Directory, MarkerName));
    }

    /// <summary>Redis 7's multi-part AOF keeps a manifest in appendonlydir.</summary>
    private static bool HasAof(RedisFiles files)
    {
        var aof = Path.Combine(files.Directory, AofDirectoryName);
        return Directory.Exists(aof) && Directory.EnumerateFiles(aof, "*.manifest").Any();
    }

    private static async Task WaitAsync(RespClient client, string inProgress, string? scheduled, string status, TimeProvider time, CancellationToken ct)
    {
        while (true)
        {
            var info = RedisInfo.Parse((await client.ExecuteAsync(["INFO", "persistence"], ct)).Text);
            if (info.GetValueOrDefault(inProgress) == "0" && (scheduled is null || info.GetValueOrDefault(scheduled) == "0"))
            {
                var result = info.GetValueOrDefault(status);
                if (result is not null and not "ok")
                {
                    throw new RedisAddonException(string.Create(CultureInfo.InvariantCulture, $"switching persistence failed ({status}:{result}); see redis.log"));
                }

                return;
            }

            await Task.Delay(PollInterval, time, ct);
        }
    }
}
