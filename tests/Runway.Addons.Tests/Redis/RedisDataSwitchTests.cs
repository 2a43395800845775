using Runway.Addons.Redis;
using Runway.Tests.Shared;

namespace Runway.Addons.Tests.Redis;

/// <summary>Changing the persistence setting, and restoring a snapshot, keep the data (real redis-server).</summary>
public sealed class RedisDataSwitchTests
{
    private static readonly RedisServerOptions Options = new() { StartTimeout = TimeSpan.FromSeconds(15), StopGrace = TimeSpan.FromSeconds(5) };

    private static Task<RedisServer> StartAsync(string directory, RedisPersistence persistence) =>
        RedisServer.StartAsync(directory, "cache", new RedisSettings { Persistence = persistence }, null, Options, CancellationToken.None);

    [RedisFact]
    public async Task Data_survives_rdb_to_aof_to_rdb()
    {
        using var temp = new TempDirectory();
        var directory = temp.Combine("cache");
        await using (var rdb = await StartAsync(directory, RedisPersistence.Rdb))
        {
            await SetAsync(rdb, "k", "from-rdb");
        }

        await using (var aof = await StartAsync(directory, RedisPersistence.Aof))
        {
            Assert.Equal("from-rdb", await GetAsync(aof, "k"));
            Assert.Equal("yes", await ConfigAsync(aof, "appendonly"));
            await SetAsync(aof, "k2", "from-aof");
        }

        Assert.Contains("appendonly yes", File.ReadAllText(Path.Combine(directory, "redis.conf")), StringComparison.Ordinal);
        await using (var aofAgain = await StartAsync(directory, RedisPersistence.Aof))
        {
            Assert.Equal("from-rdb", await GetAsync(aofAgain, "k"));
            Assert.Equal("from-aof", await GetAsync(aofAgain, "k2"));
        }

        await using (var back = await StartAsync(directory, RedisPersistence.Rdb))
        {
            Assert.Equal("from-aof", await GetAsync(back, "k2"));
            Assert.Equal("no", await ConfigAsync(back, "appendonly"));
        }

        await using var rdbAgain = await StartAsync(directory, RedisPersistence.Rdb);
        Assert.Equal("from-aof", await GetAsync(rdbAgain, "k2"));
    }

    [RedisFact]
    public async Task A_cache_keeps_its_data_once_when_switched_to_none_and_then_starts_empty()
    {
        using var temp = new TempDirectory();
        var directory = temp.Combine("cache");
        await using (var aof = await StartAsync(directory, RedisPersistence.Aof))
        {
            await SetAsync(aof, "k", "v");
        }

        await using (var none = await StartAsync(directory, RedisPersistence.None))
        {
            Assert.Equal("v", await GetAsync(none, "k"));
            await none.SnapshotAsync(temp.Combine("backup.rdb"), CancellationToken.None);
        }

        await using var empty = await StartAsync(directory, RedisPersistence.None);
        Assert.Null(await GetAsync(empty, "k"));
    }

    [RedisFact]
    public async Task A_snapshot_restored_into_an_aof_add_on_replaces_its_data()
    {
        using var temp = new TempDirectory();
        string snapshot;
        await using (var source = await StartAsync(temp.Combine("source"), RedisPersistence.Rdb))
        {
            await SetAsync(source, "k", "from-backup");
            snapshot = await source.SnapshotAsync(temp.Combine("backup.rdb"), CancellationToken.None);
        }

        var target = temp.Combine("target");
        var running = await StartAsync(target, RedisPersistence.Aof);
        await using (running)
        {
            await SetAsync(running, "k", "current");
            await SetAsync(running, "only-current", "1");
            Assert.Throws<RedisAddonException>(() => RedisServer.RestoreSnapshot(target, snapshot));
        }

        Assert.Throws<RedisAddonException>(() => RedisServer.RestoreSnapshot(target, temp.Write("not-rdb", "hello")));
        RedisServer.RestoreSnapshot(target, snapshot);

        await using var restored = await StartAsync(target, RedisPersistence.Aof);
        Assert.Equal("from-backup", await GetAsync(restored, "k"));
        Assert.Null(await GetAsync(restored, "only-current"));
        Assert.Equal("yes", await ConfigAsync(restored, "appendonly"));
        Assert.True(restored.IsRunning);
        await restored.StopAsync(CancellationToken.None);
        Assert.False(restored.IsRunning);
    }

    private static async Task SetAsync(RedisServer server, string key, string value)
    {
        await using var client = await server.ConnectAsync(TimeSpan.FromSeconds(5), CancellationToken.None);
        await client.ExecuteAsync(["SET", key, value], CancellationToken.None);
    }

    private static async Task<string?> GetAsync(RedisServer server, string key)
    {
        await using var client = await server.ConnectAsync(TimeSpan.FromSeconds(5), CancellationToken.None);
        var reply = await client.ExecuteAsync(["GET", key], CancellationToken.None);
        return reply.Type == RespType.Null ? null : reply.Text;
    }

    private static async Task<string> ConfigAsync(RedisServer server, string name)
    {
        await using var client = await server.ConnectAsync(TimeSpan.FromSeconds(5), CancellationToken.None);
        return (await client.ExecuteAsync(["CONFIG", "GET", name], CancellationToken.None)).Items[1].Text;
    }
}
