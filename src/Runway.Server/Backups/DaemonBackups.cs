using System.Collections.Concurrent;
using System.Globalization;
using Runway.Addons.Backups;
using Runway.Model;
using Runway.Server.Api;
using Runway.Server.Apps;
using Runway.Server.Progress;

namespace Runway.Server.Backups;

/// <summary>The daemon's add-on backups: one run (backup, S3 copy, retention) for <c>runway db backup</c> and for each
/// scheduled slot, and the schedule loops of every running app's add-ons. Backups of one add-on run one at a time.</summary>
internal sealed class DaemonBackups : IAsyncDisposable
{
    private readonly DaemonContext _context;
    private readonly TimeProvider _time;
    private readonly Func<string, string?> _environment;
    private readonly BackupWebhook _webhook;
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private readonly Dictionary<(string App, string Addon), ScheduledBackup> _schedules = [];
    private readonly ConcurrentDictionary<(string App, string Addon), SemaphoreSlim> _running = new();
    private readonly ScheduledVerifications _verifications;
    private readonly TextWriter _alerts;
    private BaseBackupLoop? _baseBackups;

    /// <param name="time">The clock of schedules, retention and backup times (a test moves it by hand).</param>
    /// <param name="alerts">The daemon's log for alert lines.</param>
    /// <param name="environment">Runway's own environment, where S3 credentials the app does not set are looked up.</param>
    /// <param name="verifyNewest">Verifies the newest backup of an app's add-on and records the result (the scheduled <c>verify</c>).</param>
    public DaemonBackups(DaemonContext context, TimeProvider time, TextWriter alerts, Func<string, string?> environment,
        Func<string, string, IProgressReporter, CancellationToken, Task> verifyNewest)
    {
        _context = context;
        _time = time;
        _environment = environment;
        alerts = TextWriter.Synchronized(alerts);
        _webhook = new BackupWebhook(alerts, TimeSpan.FromSeconds(10));
        Outcomes = new BackupOutcomes(context.State, time, alerts, _webhook);
        Store = new BackupStore(context.Addons.Backups.Directory, time);
        _alerts = alerts;
        _verifications = new ScheduledVerifications(context.Time, Store, verifyNewest);
    }

    public BackupOutcomes Outcomes { get; }

    /// <summary>The local backups (<c>$RUNWAY_HOME/backups</c>), timed by this clock.</summary>
    public BackupStore Store { get; }

    /// <summary>One backup of <paramref name="addon"/> of the running release: taken as <c>runway db backup</c> takes it,
    /// copied to S3 and pruned as its <c>[addons.NAME.backups]</c> says. Every outcome is recorded (events, alerts) and
    /// told to <paramref name="progress"/>.</summary>
    public async Task<BackupRunResult> RunAsync(AppHost host, RunningRelease running, AddonSpec addon, IProgressReporter progress, CancellationToken cancellationToken)
    {
        var gate = _running.GetOrAdd((host.Name, addon.Name), _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            var app = running.Prepared.App;
            var plan = AddonBackupPlan.For(addon.Backups, app.Variables, _environment);
            var alerts = new List<BackupEvent>();
            void Report(BackupEvent outcome)
            {
                Outcomes.Record(outcome, host.Log, addon.Backups?.AlertWebhook);
                Tell(progress, outcome);
                if (outcome.IsAlert)
                {
                    alerts.Add(outcome);
                }
            }

            using var remote = plan.S3 is null ? null : new S3BackupTarget(plan.S3);
            var runner = new BackupRunner(Store, remote, plan.Retention, _time, Report);
            var backup = await runner.RunAsync(host.Name, addon.Name,
                token => _context.Addons.BackupAsync(app, addon, running.Number, Store, progress, token), cancellationToken);
            if (backup is not null && plan.S3Problem is { } s3Problem)
            {
                Report(new BackupEvent(host.Name, addon.Name, BackupEventKind.UploadFailed,
                    $"backup {backup.Id} of {host.Name}/{addon.Name} was kept locally but could not be copied to s3://{addon.Backups!.S3!.Bucket}: {s3Problem}", backup));
            }

            if (backup is not null && plan.RetentionProblem is { } retentionProblem)
            {
                Report(new BackupEvent(host.Name, addon.Name, BackupEventKind.PruneFailed, $"{host.Name}/{addon.Name}: {retentionProblem}"));
            }

            return new BackupRunResult(backup, alerts);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Brings <paramref name="host"/>'s schedule loops in line with the release it runs: a loop for each add-on
    /// with a <c>schedule</c>, none when it does not run, a new loop when a release changed the add-on's configuration.</summary>
    public async Task RefreshAsync(AppHost host)
    {
        await _refresh.WaitAsync();
        try
        {
            var running = host.Current;
            var wanted = running is null
                ? []
                : running.Prepared.App.Addons.Where(a => a.Backups?.Schedule is not null).ToDictionary(a => a.Name, StringComparer.Ordinal);
            var environment = running?.Prepared.App.Environment ?? "";
            List<ScheduledBackup> stopped;
            List<AddonSpec> started;
            lock (_schedules)
            {
                stopped = [];
                foreach (var (key, loop) in _schedules.Where(s => s.Key.App == host.Name).ToList())
                {
                    if (!wanted.TryGetValue(key.Addon, out var addon) || addon != loop.Addon || environment != loop.Environment)
                    {
                        _schedules.Remove(key);
                        stopped.Add(loop);
                    }
                }

                started = wanted.Values.Where(a => !_schedules.ContainsKey((host.Name, a.Name))).ToList();
            }

            foreach (var loop in stopped)
            {
                await loop.DisposeAsync();
            }

            foreach (var addon in started)
            {
                if (CronSchedule.TryParse(addon.Backups!.Schedule!, out var cron, out var problem))
                {
                    var newest = Store.List(host.Name, addon.Name) is [var latest, ..] ? latest.StartedAt : (DateTimeOffset?)null;
                    Outcomes.Seed(host.Name, addon.Name, newest);
                    var loop = new ScheduledBackup(addon, environment, cron, _time, newest, token => ScheduledRunAsync(host, addon.Name, token));
                    lock (_schedules)
                    {
                        _schedules[(host.Name, addon.Name)] = loop;
                    }
                }
                else
                {
                    Outcomes.Record(new BackupEvent(host.Name, addon.Name, BackupEventKind.Failed,
                        $"scheduled backups of {host.Name}/{addon.Name} do not run: schedule \"{addon.Backups.Schedule}\" {problem}"), host.Log, addon.Backups.AlertWebhook);
                }
            }

            await _verifications.RefreshAsync(host, running, _time);
            _baseBackups ??= BaseBackupLoop.StartIfArchiving(_context.Addons.RunningPostgres?.PointInTimeRecovery, _context.Time, _alerts); // the wall clock: the base backups are the cluster's, not an app's schedule
            if (_context.State.FindApp(host.Name) is null)
            {
                Outcomes.Forget(host.Name); // destroyed
            }
        }
        finally
        {
            _refresh.Release();
        }
    }

    /// <summary>Each add-on's backups for <c>runway status</c>: schedule, next slot, last success and the last failure
    /// while no backup succeeded after it.</summary>
    public IReadOnlyList<AddonBackupReport> Report(string app)
    {
        Dictionary<string, (string Schedule, DateTimeOffset? Next)> schedules;
        lock (_schedules)
        {
            schedules = _schedules.Where(s => s.Key.App == app).ToDictionary(s => s.Key.Addon, s => (s.Value.Schedule, s.Value.NextRun), StringComparer.Ordinal);
        }

        return Outcomes.Snapshot(app).Select(state =>
        {
            var schedule = schedules.GetValueOrDefault(state.Addon);
            return new AddonBackupReport(state.Addon, schedule.Schedule, schedule.Next, state.LastSuccessAt, state.Failures, state.LastFailure);
        }).ToList();
    }

    private async Task ScheduledRunAsync(AppHost host, string addonName, CancellationToken cancellationToken)
    {
        var progress = new LogProgress(host.Log, _context.Time);
        if (host.Current is not { } running || running.Prepared.App.Addons.FirstOrDefault(a => a.Name == addonName) is not { } addon)
        {
            Outcomes.Record(new BackupEvent(host.Name, addonName, BackupEventKind.Failed,
                $"scheduled backup of {host.Name}/{addonName} could not run: the app does not run it now"), host.Log, null);
            return;
        }

        try
        {
            await RunAsync(host, running, addon, progress, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Not a backup failure the runner reports (those are values): still an alert, and the schedule goes on.
            Outcomes.Record(new BackupEvent(host.Name, addonName, BackupEventKind.Failed, $"scheduled backup of {host.Name}/{addonName} failed: {e.Message}"),
                host.Log, addon.Backups?.AlertWebhook);
        }
    }

    /// <summary>Tells the person (or log) waiting on the run what happened, in the words of `runway db backup`.</summary>
    private static void Tell(IProgressReporter progress, BackupEvent outcome)
    {
        if (outcome is { Kind: BackupEventKind.Created, Backup: { } backup })
        {
            progress.Step(string.Create(CultureInfo.InvariantCulture,
                $"backed up {backup.Addon}: {backup.Id} ({backup.SizeBytes} bytes, {backup.Duration.TotalSeconds:0.0} s, sha256 {backup.Sha256})"));
        }
        else if (outcome.IsAlert)
        {
            progress.Error(outcome.Message);
        }
        else
        {
            progress.Step(outcome.Message);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _refresh.WaitAsync();
        try
        {
            List<ScheduledBackup> loops;
            lock (_schedules)
            {
                loops = [.. _schedules.Values];
                _schedules.Clear();
            }

            foreach (var loop in loops)
            {
                await loop.DisposeAsync();
            }

            await _verifications.DisposeAsync();
            if (_baseBackups is not null)
            {
                await _baseBackups.DisposeAsync();
            }
        }
        finally
        {
            _refresh.Release();
        }

        await _webhook.DisposeAsync();
    }
}

/// <summary>What one backup run came to: the backup (null when it failed) and the alerts it raised.</summary>
internal sealed record BackupRunResult(BackupMetadata? Backup, IReadOnlyList<BackupEvent> Alerts)
{
    /// <summary>A backup was kept and nothing needs attention.</summary>
    public bool Ok => Backup is not null && Alerts.Count == 0;
}
