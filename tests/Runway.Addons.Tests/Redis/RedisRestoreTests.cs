using Runway.Addons.Backups;
using Runway.Addons.Redis;
using Runway.Tests.Shared;

namespace Runway.Addons.Tests.Redis;

/// <summary>Snapshots with their manifest, scratch servers that read a snapshot, and a restore that brings back exactly the
/// keys of the snapshot, on real redis-server processes.</summary>
public sealed class RedisRestoreTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly RedisServerOptions Options = new() { StartTimeout = TimeSpan.FromSeconds(15), StopGrace = TimeSpan.FromSeconds(5) };

    [RedisFact]
    public async Task A_restored_snapshot_holds_exactly_the_keys_of_the_backup_and_its_digest()
    {
        using var temp = new TempDirectory();
        var settings = new RedisSettings { Persistence = RedisPersistence.Aof };
        var server = await RedisServer.StartAsync(temp.Combine("cache"), "cache", settings, port: null, Options, None);
        var port = server.Port;
        BackupManifest manifest;
        var snapshot = temp.Combine("backup.rdb");
        await using (server)
        {
            await using (var client = await server.ConnectAsync(TimeSpan.FromSeconds(5), None))
            {
                await client.ExecuteAsync(["SET", "kept", "1"], None);
                await client.ExecuteAsync(["HSET", "user:1", "name", "ada", "lang", "en"], None);
                await client.ExecuteAsync(["SELECT", "3"], None);
                await client.ExecuteAsync(["RPUSH", "queue", "a", "b", "c"], None);
                manifest = await server.SnapshotWithContentsAsync(snapshot, None);
                Assert.Equal([new RedisKeyspaceManifest(0, 2), new RedisKeyspaceManifest(3, 1)], manifest.Keyspaces);
                Assert.Matches("^[0-9a-f]{40}$", manifest.RedisDigest);

                // Writes go on after the pause was lifted.
                await client.ExecuteAsync(["RPUSH", "queue", "later"], None);
                await client.ExecuteAsync(["SELECT", "0"], None);
                await client.ExecuteAsync(["SET", "later", "1"], None);
            }

            Assert.False(BackupManifestComparison.Compare(manifest, await server.ReadContentsAsync(None)).Matches);
            await server.StopAsync(None);
        }

        RedisServer.RestoreSnapshot(temp.Combine("cache"), snapshot);
        await using var restored = await RedisServer.StartAsync(temp.Combine("cache"), "cache", settings, port, Options, None);
        Assert.Equal(port, restored.Port);
        var check = BackupManifestComparison.Compare(manifest, await restored.ReadContentsAsync(None));
        Assert.True(check.Matches, check.Describe());
        Assert.Contains("3 key(s) in 2 database(s) match the manifest; DEBUG DIGEST matches", check.Summary, StringComparison.Ordinal);
        await using var reader = await restored.ConnectAsync(TimeSpan.FromSeconds(5), None);
        Assert.Equal(RespValue.Null.Type, (await reader.ExecuteAsync(["GET", "later"], None)).Type);
        await reader.ExecuteAsync(["SELECT", "3"], None);
        Assert.Equal("[\"a\", \"b\", \"c\"]", (await reader.ExecuteAsync(["LRANGE", "queue", "0", "-1"], None)).ToString());
    }

    [RedisFact]
    public async Task A_scratch_server_reads_a_snapshot_and_goes_away_and_a_tampered_manifest_is_caught()
    {
        using var temp = new TempDirectory();
        BackupManifest manifest;
        var snapshot = temp.Combine("backup.rdb");
        await using (var server = await RedisServer.StartAsync(temp.Combine("cache"), "cache", new RedisSettings(), port: null, Options, None))
        {
            await using var client = await server.ConnectAsync(TimeSpan.FromSeconds(5), None);
            for (var i = 0; i < 100; i++)
            {
                await client.ExecuteAsync(["SET", $"k{i}", new string('v', i)], None);
            }

            manifest = await server.SnapshotWithContentsAsync(snapshot, None);
        }

        var scratchParent = temp.Combine("scratch");
        Directory.CreateDirectory(scratchParent);
        var contents = await RedisScratch.ReadSnapshotAsync(scratchParent, snapshot, Options, None);
        Assert.True(BackupManifestComparison.Compare(manifest, contents).Matches);
        Assert.Empty(Directory.EnumerateFileSystemEntries(scratchParent));

        var fewer = BackupManifestComparison.Compare(manifest with { Keyspaces = [new RedisKeyspaceManifest(0, 99)] }, contents);
        Assert.Equal(["db0 has 100 keys, the manifest recorded 99"], fewer.Differences);
        var digest = BackupManifestComparison.Compare(manifest with { RedisDigest = new string('0', 40) }, contents);
        Assert.Equal([$"DEBUG DIGEST is {manifest.RedisDigest}, the manifest recorded {new string('0', 40)}"], digest.Differences);

        var notRdb = temp.Write("not.rdb", "hello");
        await Assert.ThrowsAsync<RedisAddonException>(() => RedisScratch.ReadSnapshotAsync(scratchParent, notRdb, Options, None));
        Assert.Empty(Directory.EnumerateFileSystemEntries(scratchParent));
    }
}
