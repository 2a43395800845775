using System.Globalization;
using Runway.Addons.Postgres;
using Runway.Addons.Postgres.Pitr;
using Runway.Model;
using Runway.Server.Progress;

namespace Runway.Server.Daemon;

/// <summary>`runway db restore APP --to-time T`: the app's PostgreSQL database as it was at T, recovered from the cluster's
/// base backups and archived WAL in a scratch cluster (the other apps sharing the cluster are never rolled back), then
/// restored like a backup: a safety backup first, a fresh copy, and a swap.</summary>
internal sealed partial class RunwayDaemon
{
    private static readonly UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public Task<bool> RestoreToTimeAsync(string app, string time, string? addon, string? toDatabase, IProgressReporter progress, CancellationToken cancellationToken) =>
        WithAppAsync(app, progress, async (host, _) =>
        {
            if (!TryParseRecoveryTime(time, out var target))
            {
                progress.Error($"--to-time \"{time}\" is not a time; give an ISO 8601 time such as 2026-11-22T05:30:00Z (without a zone it is read as UTC)");
                return false;
            }

            if (host.Current is not { } running)
            {
                progress.Error($"{app} is not running; its add-ons are restored while it runs (`runway restart {app}` starts it)");
                return false;
            }

            var postgres = running.Prepared.App.Addons.Where(a => a.Kind == AddonKind.Postgres && (addon is null || a.Name == addon)).ToList();
            if (postgres.Count != 1)
            {
                progress.Error(postgres.Count == 0
                    ? $"{app} has no PostgreSQL add-on{(addon is null ? "" : $" named {addon}")}; point-in-time recovery is for PostgreSQL add-ons"
                    : $"{app} has several PostgreSQL add-ons; name one with --addon");
                return false;
            }

            if (_context.Addons.RunningPostgres is not { PointInTimeRecovery: { } recovery } cluster)
            {
                progress.Error("the PostgreSQL cluster runs without point-in-time recovery (WAL archiving is off)");
                return false;
            }

            return await RecoverAsync(running.Prepared.App, postgres[0], cluster, recovery, target, toDatabase, running.Number, progress, cancellationToken);
        }, cancellationToken);

    private async Task<bool> RecoverAsync(
        AppSpec app, AddonSpec addon, PostgresCluster cluster, PostgresPointInTimeRecovery recovery, DateTimeOffset target, string? toDatabase, int release,
        IProgressReporter progress, CancellationToken cancellationToken)
    {
        var dumpFile = Path.Combine(_context.Addons.Backups.Directory, $".recovery-{Guid.NewGuid():N}.dump");
        try
        {
            var database = await cluster.ProvisionAsync(app.Name, app.Environment, cancellationToken);
            progress.Step($"recovering {database.Database} as it was at {Format(target)} in a scratch cluster (base backup and archived WAL)");
            PointInTimeDump dump;
            Directory.CreateDirectory(_context.Addons.Backups.Directory);
            await using (var output = new FileStream(dumpFile, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = OwnerReadWrite }))
            {
                dump = await recovery.DumpDatabaseAtAsync(database.Database, target, output, cancellationToken);
            }

            var source = $"the state of {Format(target)} (base backup {dump.FromBackup.Label} and archived WAL)";
            await using var archive = File.OpenRead(dumpFile);
            return toDatabase is null
                ? await RestoreIntoAddonAsync(app, addon, source, archive, manifest: null, release, progress, cancellationToken)
                : await RestoreBesideAsync(app, addon, source, archive, manifest: null, toDatabase, progress, cancellationToken);
        }
        catch (Exception e) when (e is PointInTimeRecoveryException or PostgresAddonException or IOException or UnauthorizedAccessException)
        {
            RecordFailure(app.Name, "restore-failed", $"{addon.Name}: could not recover {Format(target)}: {e.Message}; the live data was not replaced", progress);
            return false;
        }
        finally
        {
            File.Delete(dumpFile);
        }
    }

    /// <summary>An ISO 8601 time; one without a zone is UTC (the zone of cron schedules and of every time Runway prints).</summary>
    internal static bool TryParseRecoveryTime(string text, out DateTimeOffset time) =>
        DateTimeOffset.TryParse(text.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time);

    private static string Format(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.FFFFFF'Z'", CultureInfo.InvariantCulture);
}
