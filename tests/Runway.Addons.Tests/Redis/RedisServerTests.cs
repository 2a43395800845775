using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Runway.Addons.Redis;
using Runway.Tests.Shared;

namespace Runway.Addons.Tests.Redis;

/// <summary>Real redis-server processes on 127.0.0.1, each in its own temporary directory and stopped by pid.</summary>
public sealed class RedisServerTests
{
    private static readonly RedisServerOptions Options = new() { StartTimeout = TimeSpan.FromSeconds(15), StopGrace = TimeSpan.FromSeconds(5) };

    private static Task<RedisServer> StartAsync(string directory, RedisSettings? settings = null, int? port = null, RedisServerOptions? options = null) =>
        RedisServer.StartAsync(directory, "cache", settings ?? new RedisSettings(), port, options ?? Options, CancellationToken.None);

    [RedisFact]
    public async Task A_server_needs_its_password_and_then_serves_set_and_get()
    {
        using var temp = new TempDirectory();
        await using var server = await StartAsync(temp.Combine("cache"));

        await using (var anonymous = await RespClient.ConnectAsync(IPAddress.Loopback, server.Port, TimeSpan.FromSeconds(5), TimeProvider.System, CancellationToken.None))
        {
            Assert.StartsWith("NOAUTH", (await anonymous.SendAsync(["GET", "k"], CancellationToken.None)).Text, StringComparison.Ordinal);
            Assert.StartsWith("WRONGPASS", (await anonymous.SendAsync(["AUTH", "guess"], CancellationToken.None)).Text, StringComparison.Ordinal);
        }

        await using var client = await server.ConnectAsync(TimeSpan.FromSeconds(5), CancellationToken.None);
        Assert.True((await client.ExecuteAsync(["SET", "greeting", "h\u00e9llo"], CancellationToken.None)).IsText("OK"));
        Assert.Equal("h\u00e9llo", (await client.ExecuteAsync(["GET", "greeting"], CancellationToken.None)).Text);
        Assert.Equal("[\"bind\", \"127.0.0.1\"]", (await client.ExecuteAsync(["CONFIG", "GET", "bind"], CancellationToken.None)).ToString());

        Assert.Equal($"redis://default:{server.Password}@127.0.0.1:{server.Port}", server.Url);
        Assert.Equal(server.Url, server.Variables["REDIS_URL"]);
        Assert.Equal(server.ProcessId.ToString(CultureInfo.InvariantCulture), File.ReadAllText(Path.Combine(server.Directory, "redis.pid")).Trim());
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(server.Directory, "redis.conf")));
        Assert.False(server.Adopted);
        if (Environment.IsPrivilegedProcess && RedisHost.FindUser("redis", "/etc/passwd") is { } redis)
        {
            Assert.Equal(redis.Uid, ProcessUid(server.ProcessId));
        }
    }

    [RedisFact]
    public async Task The_memory_limit_policy_and_persistence_are_applied_and_the_limit_holds()
    {
        using var temp = new TempDirectory();
        var settings = new RedisSettings { MaxMemoryBytes = 2 * 1024 * 1024, EvictionPolicy = "noeviction", Persistence = RedisPersistence.Aof };
        await using var server = await StartAsync(temp.Combine("cache"), settings);
        await using var client = await server.ConnectAsync(TimeSpan.FromSeconds(5), CancellationToken.None);

        Assert.Equal("2097152", await ConfigAsync(client, "maxmemory"));
        Assert.Equal("noeviction", await ConfigAsync(client, "maxmemory-policy"));
        Assert.Equal("yes", await ConfigAsync(client, "appendonly"));
        Assert.Equal("", await ConfigAsync(client, "save"));

        var value = new string('x', 100_000);
        RespValue? refused = null;
        for (var i = 0; i < 100 && refused is null; i++)
        {
            var reply = await client.SendAsync(["SET", $"k{i}", value], CancellationToken.None);
            refused = reply.IsError ? reply : null;
        }

        Assert.NotNull(refused);
        Assert.StartsWith("OOM", refused.Text, StringComparison.Ordinal);
    }

    [RedisFact]
    public async Task With_aof_a_key_survives_stop_and_start_with_the_same_url()
    {
        using var temp = new TempDirectory();
        var settings = new RedisSettings { Persistence = RedisPersistence.Aof };
        var first = await StartAsync(temp.Combine("cache"), settings);
        await using (first)
        {
            await using var client = await first.ConnectAsync(TimeSpan.FromSeconds(5), CancellationToken.None);
            await client.ExecuteAsync(["SET", "kept", "yes"], CancellationToken.None);
            await first.StopAsync(CancellationToken.None);
        }

        Assert.False(RedisProcess.IsAlive(first.ProcessId));
        Assert.False(File.Exists(Path.Combine(first.Directory, "redis.pid")));

        await using var second = await StartAsync(temp.Combine("cache"), settings);
        await using var again = await second.ConnectAsync(TimeSpan.FromSeconds(5), CancellationToken.None);
        Assert.Equal("yes", (await again.ExecuteAsync(["GET", "kept"], CancellationToken.None)).Text);
        Assert.Equal(first.Url, second.Url);
        Assert.NotEqual(first.ProcessId, second.ProcessId);
    }

    [RedisTheory]
    [InlineData(RedisPersistence.Rdb, "yes")]
    [InlineData(RedisPersistence.None, null)]
    public async Task Rdb_saves_at_stop_and_none_keeps_nothing(RedisPersistence persistence, string? expected)
    {
        using var temp = new TempDirectory();
        var settings = new RedisSettings { Persistence = persistence };
        await using (var first = await StartAsync(temp.Combine("cache"), settings))
        {
            await using var client = await first.ConnectAsync(TimeSpan.FromSeconds(5), CancellationToken.None);
            await client.ExecuteAsync(["SET", "kept", "yes"], CancellationToken.None);
        }

        await using var second = await StartAsync(temp.Combine("cache"), settings);
        await using var again = await second.ConnectAsync(TimeSpan.FromSeconds(5), CancellationToken.None);
        var reply = await again.ExecuteAsync(["GET", "kept"], CancellationToken.None);
        Assert.Equal(expected, reply.Type == RespType.Null ? null : reply.Text);
    }

    [RedisFact]
    public async Task A_snapshot_is_an_rdb_file_that_another_server_loads()
    {
        using var temp = new TempDirectory();
        string snapshot;
        await using (var server = await StartAsync(temp.Combine("cache"), new RedisSettings { Persistence = RedisPersistence.Aof }))
        {
            await using var client = await server.ConnectAsync(TimeSpan.FromSeconds(5), CancellationToken.None);
            await client.ExecuteAsync(["SET", "backed-up", "1"], CancellationToken.None);
            await client.ExecuteAsync(["BGSAVE"], CancellationToken.None); // a save already running is waited out, then a new one is taken
            await client.ExecuteAsync(["SET", "after-first-save", "2"], CancellationToken.None);

            snapshot = await server.SnapshotAsync(temp.Combine("backups", "cache.rdb"), CancellationToken.None);
        }

        Assert.Equal(temp.Combine("backups", "cache.rdb"), snapshot);
        Assert.Equal("REDIS"u8.ToArray(), File.ReadAllBytes(snapshot)[..5]);
        Assert.False(File.Exists(snapshot + ".partial"));

        Directory.CreateDirectory(temp.Combine("restored"));
        File.Copy(snapshot, temp.Combine("restored", "dump.rdb"));
        await using var restored = await StartAsync(temp.Combine("restored"));
        await using var check = await restored.ConnectAsync(TimeSpan.FromSeconds(5), CancellationToken.None);
        Assert.Equal("1", (await check.ExecuteAsync(["GET", "backed-up"], CancellationToken.None)).Text);
        Assert.Equal("2", (await check.ExecuteAsync(["GET", "after-first-save"], CancellationToken.None)).Text);
    }

    [RedisFact]
    public async Task A_server_left_running_is_adopted_with_the_new_settings()
    {
        using var temp = new TempDirectory();
        await using var first = await StartAsync(temp.Combine("cache"));

        await using var adopted = await StartAsync(temp.Combine("cache"), new RedisSettings { EvictionPolicy = "volatile-ttl", MaxMemoryBytes = 32L * 1024 * 1024 });

        Assert.True(adopted.Adopted);
        Assert.Equal(first.ProcessId, adopted.ProcessId);
        Assert.Equal(first.Url, adopted.Url);
        await using (var client = await adopted.ConnectAsync(TimeSpan.FromSeconds(5), CancellationToken.None))
        {
            Assert.Equal("volatile-ttl", await ConfigAsync(client, "maxmemory-policy"));
            Assert.Equal("33554432", await ConfigAsync(client, "maxmemory"));
        }

        Assert.Contains("maxmemory-policy volatile-ttl", File.ReadAllText(Path.Combine(adopted.Directory, "redis.conf")), StringComparison.Ordinal);
        await adopted.StopAsync(CancellationToken.None);
        Assert.False(RedisProcess.IsAlive(first.ProcessId));
    }

    [RedisFact]
    public async Task A_port_already_taken_fails_with_the_end_of_the_log_and_leaves_no_process()
    {
        using var temp = new TempDirectory();
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        var error = await Assert.ThrowsAsync<RedisAddonException>(() => StartAsync(temp.Combine("cache"), port: port));

        Assert.Contains("redis add-on cache: redis-server exited with code", error.Message, StringComparison.Ordinal);
        Assert.Contains("Address already in use", error.Message, StringComparison.Ordinal);
        Assert.Empty(ServersIn(temp.Path));
    }

    [RedisFact]
    public async Task Health_is_pong_with_its_latency_and_a_stopped_server_is_unhealthy()
    {
        using var temp = new TempDirectory();
        var server = await StartAsync(temp.Combine("cache"));
        await using (server)
        {
            var healthy = await server.PingAsync(CancellationToken.None);
            Assert.True(healthy.Healthy, healthy.Detail);
            Assert.StartsWith("PONG in ", healthy.Detail, StringComparison.Ordinal);
            Assert.True(healthy.Latency > TimeSpan.Zero && healthy.Latency < TimeSpan.FromSeconds(2));
        }

        var stopped = await server.PingAsync(CancellationToken.None);
        Assert.False(stopped.Healthy);
        Assert.Contains($"127.0.0.1:{server.Port}", stopped.Detail, StringComparison.Ordinal);
        Assert.Empty(ServersIn(temp.Path));
    }

    [RedisFact]
    public async Task A_refused_shutdown_ends_in_sigkill_after_the_grace_and_is_reported()
    {
        if (Environment.IsPrivilegedProcess && RedisHost.FindUser("redis", "/etc/passwd") is null)
        {
            return; // redis-server would run as root, which writes into a read-only directory anyway
        }

        using var temp = new TempDirectory();
        var server = await StartAsync(temp.Combine("cache"), options: Options with { StopGrace = TimeSpan.FromSeconds(1) });
        await using (server)
        {
            await using (var client = await server.ConnectAsync(TimeSpan.FromSeconds(5), CancellationToken.None))
            {
                await client.ExecuteAsync(["SET", "k", "v"], CancellationToken.None);
            }

            // The final SAVE cannot write its temporary file, so Redis refuses SHUTDOWN SAVE and keeps running.
            File.SetUnixFileMode(server.Directory, UnixFileMode.UserRead | UnixFileMode.UserExecute);
            try
            {
                var error = await Assert.ThrowsAsync<RedisAddonException>(() => server.StopAsync(CancellationToken.None));
                Assert.Contains("Redis refused SHUTDOWN", error.Message, StringComparison.Ordinal);
                Assert.Contains("was killed after 1 s", error.Message, StringComparison.Ordinal);
            }
            finally
            {
                File.SetUnixFileMode(server.Directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }

        Assert.False(RedisProcess.IsAlive(server.ProcessId));
    }

    [RedisFact]
    public async Task Wrong_settings_and_ports_are_refused_before_anything_starts()
    {
        using var temp = new TempDirectory();

        await Assert.ThrowsAsync<ArgumentException>(() => StartAsync(temp.Combine("cache"), new RedisSettings { EvictionPolicy = "lru" }));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => StartAsync(temp.Combine("cache"), port: 70000));
        Assert.False(Directory.Exists(temp.Combine("cache")));
    }

    private static async Task<string> ConfigAsync(RespClient client, string name) =>
        (await client.ExecuteAsync(["CONFIG", "GET", name], CancellationToken.None)).Items[1].Text;

    private static uint ProcessUid(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("Uid:", StringComparison.Ordinal));
        return uint.Parse(line.Split('\t', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
    }

    /// <summary>redis-server processes whose working directory is under <paramref name="root"/>.</summary>
    private static List<int> ServersIn(string root)
    {
        var servers = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && RedisProcess.IsAlive(pid)
                && new DirectoryInfo($"/proc/{pid}/cwd") is { } cwd
                && SafeLinkTarget(cwd) is { } target
                && target.StartsWith(root, StringComparison.Ordinal))
            {
                servers.Add(pid);
            }
        }

        return servers;
    }

    private static string? SafeLinkTarget(DirectoryInfo link)
    {
        try
        {
            return link.LinkTarget;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
