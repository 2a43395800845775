using Runway.Model;
using Runway.Server.Apps;
using Runway.Server.Backups;
using Runway.Server.Progress;

namespace Runway.Server.Daemon;

/// <summary>Add-on backups in the daemon: `runway db backup`, the schedules of `[addons.NAME.backups]`, their outcomes.</summary>
internal sealed partial class RunwayDaemon
{
    private readonly DaemonBackups _backups;

    /// <summary>Scheduled and on-demand backups of the apps' add-ons, with their outcomes and alerts.</summary>
    public DaemonBackups Backups => _backups;

    private static DaemonBackups CreateBackups(DaemonContext context, DaemonOptions options, Func<RunwayDaemon?> daemon) =>
        new(context, options.ScheduleTime ?? options.Time, options.Alerts, Environment.GetEnvironmentVariable,
            (app, addon, progress, token) => daemon()?.VerifyNewestBackupAsync(app, addon, progress, token) ?? Task.CompletedTask);

    /// <summary>Each add-on in turn, through the same run as a scheduled backup (S3 copy and retention included).</summary>
    /// <returns>True when every backup was kept and raised no alert.</returns>
    private async Task<bool> BackupAddonsAsync(AppHost host, RunningRelease running, IReadOnlyList<AddonSpec> addons, IProgressReporter progress, CancellationToken cancellationToken)
    {
        var ok = true;
        foreach (var addon in addons)
        {
            ok &= (await _backups.RunAsync(host, running, addon, progress, cancellationToken)).Ok;
        }

        return ok;
    }

    /// <summary>After an operation on <paramref name="host"/>: its backup schedules follow the release it runs (or stop).</summary>
    private Task FollowBackupSchedulesAsync(AppHost host) => _backups.RefreshAsync(host);
}
