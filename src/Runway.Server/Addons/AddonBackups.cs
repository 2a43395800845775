using System.Diagnostics;
using Runway.Addons.Backups;
using Runway.Addons.Postgres;
using Runway.Addons.Redis;

namespace Runway.Server.Addons;

/// <summary>What a backup of each kind of add-on writes: <c>pg_dump -Fc</c> of the app's database (compressed by
/// pg_dump itself), or a Redis RDB snapshot (gzip-compressed by the store).</summary>
internal static class AddonBackups
{
    private const string PgDump = "/usr/lib/postgresql/15/bin/pg_dump";

    public static Task<BackupMetadata> PostgresAsync(BackupStore store, PostgresCluster cluster, PostgresDatabase database, string app, string addon, int? release, CancellationToken cancellationToken)
    {
        // Dumped as the superuser over loopback, so every object of the database is included whoever owns it.
        var superuser = cluster.Superuser(database.Database);
        return store.CreateAsync(app, addon, "postgres", release, compress: false, async (output, token) =>
        {
            var start = new ProcessStartInfo(PgDump)
            {
                ArgumentList = { "--format=custom", "--host", superuser.Host, "--port", superuser.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--username", superuser.Role, "--dbname", superuser.Database },
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.Environment["PGPASSWORD"] = superuser.Password;
            using var dump = Process.Start(start) ?? throw new IOException($"{PgDump} could not be started");
            var errors = dump.StandardError.ReadToEndAsync(token);
            await dump.StandardOutput.BaseStream.CopyToAsync(output, token);
            await dump.WaitForExitAsync(token);
            if (dump.ExitCode != 0)
            {
                throw new IOException($"pg_dump of {superuser.Database} exited with code {dump.ExitCode}: {(await errors).Trim()}");
            }
        }, cancellationToken);
    }

    public static async Task<BackupMetadata> RedisAsync(BackupStore store, RedisServer server, string app, string addon, int? release, CancellationToken cancellationToken)
    {
        var snapshot = Path.Combine(Path.GetTempPath(), $"runway-snapshot-{Guid.NewGuid():N}.rdb");
        try
        {
            await server.SnapshotAsync(snapshot, cancellationToken);
            return await store.CreateAsync(app, addon, "redis", release, async (output, token) =>
            {
                await using var file = File.OpenRead(snapshot);
                await file.CopyToAsync(output, token);
            }, cancellationToken);
        }
        finally
        {
            File.Delete(snapshot);
        }
    }
}
