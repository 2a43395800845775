using System.Security.Cryptography;
using Runway.Addons.Backups;

namespace Runway.Addons.Redis;

/// <summary>A throwaway redis-server loaded from an RDB snapshot, to see what the snapshot holds without touching the
/// add-on: on a free loopback port, with no persistence and no eviction, stopped and removed afterwards.</summary>
internal static class RedisScratch
{
    /// <summary>Loads <paramref name="rdbFile"/> into a scratch server in a new directory under
    /// <paramref name="parentDirectory"/> (which the redis user must be able to pass through) and reads its contents.</summary>
    /// <exception cref="RedisAddonException">The file is not an RDB snapshot, or the server could not load it.</exception>
    public static async Task<BackupManifest> ReadSnapshotAsync(string parentDirectory, string rdbFile, RedisServerOptions options, CancellationToken ct)
    {
        var directory = Path.Combine(parentDirectory, ".scratch-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4)));
        try
        {
            RedisServer.RestoreSnapshot(directory, rdbFile);
            // Loading never evicts with noeviction; the limit only has to be valid (an RDB is compact, memory is larger).
            var settings = new RedisSettings
            {
                Persistence = RedisPersistence.None,
                EvictionPolicy = "noeviction",
                MaxMemoryBytes = Math.Max(RedisSettings.DefaultMaxMemoryBytes, new FileInfo(rdbFile).Length * 16),
            };
            await using var server = await RedisServer.StartAsync(directory, "scratch", settings, port: null, options, ct);
            var contents = await server.ReadContentsAsync(ct);
            await server.StopAsync(ct);
            return contents;
        }
        finally
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }
}
