using Runway.Addons.Backups;
using Runway.Addons.Postgres;
using Runway.Addons.Redis;
using Runway.Model;
using Runway.Server.Progress;

namespace Runway.Server.Addons;

/// <summary>The outcome of restoring a backup into an add-on: whether the data now in place (or in the new database)
/// matched the backup's manifest, and what was restored into.</summary>
/// <param name="Replaced">True when the live data was replaced; false when nothing live changed.</param>
/// <param name="NewDatabase">With --to-database: the new database, reachable with the app's own role.</param>
internal sealed record AddonRestoreResult(ManifestCheck Check, bool Replaced, PostgresDatabase? NewDatabase);

/// <summary>How a verified backup archive is put back into an add-on, or into a scratch copy to verify it: PostgreSQL
/// through <see cref="PostgresRestore"/> (a fresh database compared with the manifest before it takes the live one's
/// place), Redis by loading the RDB into a scratch server to compare, then stopping the add-on's server, putting the
/// snapshot in place and starting it again on the same port.</summary>
internal sealed class AddonRestores(AddonProvisioner addons, TimeProvider time)
{
    private static readonly RedisServerOptions ScratchOptions = new() { StartTimeout = TimeSpan.FromSeconds(60) };

    /// <summary>Restores <paramref name="archive"/> (the raw dump, already checked against its SHA-256) into the scratch
    /// copy for its kind and compares it with <paramref name="manifest"/>; the scratch copy is removed.</summary>
    public async Task<ManifestCheck> VerifyAsync(string kind, Stream archive, BackupManifest? manifest, IProgressReporter progress, CancellationToken cancellationToken)
    {
        if (kind == "postgres")
        {
            var cluster = await addons.PostgresAsync(progress, cancellationToken);
            return await new PostgresRestore(cluster, time).VerifyAsync(archive, manifest, progress.Step, cancellationToken);
        }

        var rdb = await WriteSnapshotFileAsync(archive, cancellationToken);
        try
        {
            progress.Step("loading the snapshot into a scratch redis-server");
            var contents = await RedisScratch.ReadSnapshotAsync(RedisParentDirectory, rdb, ScratchOptions, cancellationToken);
            return BackupManifestComparison.Compare(manifest, contents);
        }
        finally
        {
            File.Delete(rdb);
        }
    }

    /// <summary>Replaces the add-on's live data with <paramref name="archive"/>. A mismatch with the manifest found before
    /// the swap leaves the live data as it was (<see cref="AddonRestoreResult.Replaced"/> false).</summary>
    public async Task<AddonRestoreResult> ReplaceAsync(AppSpec app, AddonSpec addon, Stream archive, BackupManifest? manifest, IProgressReporter progress, CancellationToken cancellationToken)
    {
        if (addon.Kind == AddonKind.Postgres)
        {
            var cluster = await addons.PostgresAsync(progress, cancellationToken);
            var live = await cluster.ProvisionAsync(app.Name, app.Environment, cancellationToken);
            var result = await new PostgresRestore(cluster, time).ReplaceAsync(live, archive, manifest, progress.Step, cancellationToken);
            return new AddonRestoreResult(result.Check, result.Swapped, null);
        }

        var rdb = await WriteSnapshotFileAsync(archive, cancellationToken);
        try
        {
            progress.Step("loading the snapshot into a scratch redis-server to compare it with the manifest");
            var scratch = BackupManifestComparison.Compare(manifest, await RedisScratch.ReadSnapshotAsync(RedisParentDirectory, rdb, ScratchOptions, cancellationToken));
            if (!scratch.Matches)
            {
                return new AddonRestoreResult(scratch, false, null);
            }

            progress.Step($"stopping redis of add-on {addon.Name}, putting the snapshot in place, starting it again on the same port");
            var restarted = await addons.ReplaceRedisDataAsync(app, addon, rdb, cancellationToken);
            // Keys whose TTL passed since the backup are not loaded, so a difference here can also mean expired keys.
            return new AddonRestoreResult(BackupManifestComparison.Compare(manifest, await restarted.ReadContentsAsync(cancellationToken)), true, null);
        }
        finally
        {
            File.Delete(rdb);
        }
    }

    /// <summary>Restores a PostgreSQL archive into a new database <paramref name="name"/> beside the app's own, owned by the
    /// app's role; the live database is left alone.</summary>
    public async Task<AddonRestoreResult> RestoreBesideAsync(AppSpec app, string name, Stream archive, BackupManifest? manifest, IProgressReporter progress, CancellationToken cancellationToken)
    {
        var cluster = await addons.PostgresAsync(progress, cancellationToken);
        var live = await cluster.ProvisionAsync(app.Name, app.Environment, cancellationToken);
        var result = await new PostgresRestore(cluster, time).RestoreBesideAsync(live, name, archive, manifest, progress.Step, cancellationToken);
        return new AddonRestoreResult(result.Check, false, result.Check.Matches ? result.Database : null);
    }

    /// <summary>Scratch Redis servers run from the temp directory, which the redis user may pass through.</summary>
    private static string RedisParentDirectory => Path.GetTempPath();

    /// <summary>The RDB snapshot as a file (redis-server loads files); readable by Runway's user only.</summary>
    private static async Task<string> WriteSnapshotFileAsync(Stream archive, CancellationToken cancellationToken)
    {
        var path = Path.Combine(Path.GetTempPath(), $"runway-restore-{Guid.NewGuid():N}.rdb");
        try
        {
            await using var file = new FileStream(path, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                UnixCreateMode = OperatingSystem.IsWindows() ? null : UnixFileMode.UserRead | UnixFileMode.UserWrite,
            });
            await archive.CopyToAsync(file, cancellationToken);
            return path;
        }
        catch
        {
            File.Delete(path);
            throw;
        }
    }
}
