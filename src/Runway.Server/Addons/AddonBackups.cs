using Runway.Addons.Backups;
using Runway.Addons.Postgres;
using Runway.Addons.Redis;

namespace Runway.Server.Addons;

/// <summary>What a backup of each kind of add-on writes, with the manifest of what it holds read at the same instant:
/// <c>pg_dump -Fc</c> of the app's database (compressed by pg_dump itself) with each table's row count and checksum, or a
/// Redis RDB snapshot (gzip-compressed by the store) with each database's key count and DEBUG DIGEST.</summary>
internal static class AddonBackups
{
    public static Task<BackupMetadata> PostgresAsync(BackupStore store, PostgresCluster cluster, PostgresDatabase database, string app, string addon, int? release, CancellationToken cancellationToken) =>
        store.CreateAsync(app, addon, "postgres", release, compress: false, PostgresProducer(cluster, database), cancellationToken);

    /// <summary>Writes the database's archive to the stream it is given and returns its manifest (for <see cref="BackupStore"/>).</summary>
    public static Func<Stream, CancellationToken, Task<BackupManifest?>> PostgresProducer(PostgresCluster cluster, PostgresDatabase database) =>
        async (output, token) => await PostgresDump.DumpAsync(cluster, database.Database, output, token);

    public static async Task<BackupMetadata> RedisAsync(BackupStore store, RedisServer server, string app, string addon, int? release, CancellationToken cancellationToken)
    {
        var snapshot = Path.Combine(Path.GetTempPath(), $"runway-snapshot-{Guid.NewGuid():N}.rdb");
        try
        {
            var manifest = await server.SnapshotWithContentsAsync(snapshot, cancellationToken);
            return await store.CreateAsync(app, addon, "redis", release, compress: true, async (output, token) =>
            {
                await using var file = File.OpenRead(snapshot);
                await file.CopyToAsync(output, token);
                return manifest;
            }, cancellationToken);
        }
        finally
        {
            File.Delete(snapshot);
        }
    }
}
