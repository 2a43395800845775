using Runway.Addons.Backups;
using Runway.Server.Logs;
using Runway.State;

namespace Runway.Server.Backups;

/// <summary>Where every backup outcome goes, so that none is silent: an event in the app's event log; for an alert also a
/// line in the daemon's alert log and the app's log and a POST to the add-on's webhook; and each add-on's health (last
/// success, failures, the last failure until a later backup succeeds) for <c>runway status</c> and the metrics.</summary>
internal sealed class BackupOutcomes
{
    private readonly StateStore _state;
    private readonly TimeProvider _time;
    private readonly TextWriter _alerts;
    private readonly BackupWebhook _webhook;
    private readonly Lock _gate = new();
    private readonly Dictionary<(string App, string Addon), AddonBackupHealth> _health = [];

    /// <param name="alerts">The daemon's log for alert lines (its standard error); written from several threads.</param>
    public BackupOutcomes(StateStore state, TimeProvider time, TextWriter alerts, BackupWebhook webhook)
    {
        _state = state;
        _time = time;
        _alerts = alerts;
        _webhook = webhook;
    }

    /// <summary>The event kind recorded for each outcome (<c>runway db backup</c> records the same ones).</summary>
    public static string EventKind(BackupEventKind kind) => kind switch
    {
        BackupEventKind.Created => "backup",
        BackupEventKind.Failed => "backup-failed",
        BackupEventKind.Uploaded => "backup-uploaded",
        BackupEventKind.UploadFailed => "backup-upload-failed",
        BackupEventKind.Pruned => "backup-pruned",
        BackupEventKind.PruneFailed => "backup-prune-failed",
        BackupEventKind.VerifyFailed => "backup-verify-failed",
        _ => "backup-" + kind.ToString().ToLowerInvariant(),
    };

    /// <param name="log">The app's log, which gets alert lines too.</param>
    /// <param name="webhook">The add-on's <c>alert_webhook</c>, or null.</param>
    public void Record(BackupEvent outcome, AppLog? log, string? webhook)
    {
        var kind = EventKind(outcome.Kind);
        var now = _time.GetUtcNow();
        try
        {
            _state.AddEvent(outcome.App, kind, outcome.Message);
        }
        catch (InvalidOperationException)
        {
            // The app was destroyed while its backup ran (it is cancelled then): the daemon's log still gets the line.
            _alerts.WriteLine($"runway: {kind} {outcome.App}/{outcome.Addon} (app no longer known): {outcome.Message}");
        }

        lock (_gate)
        {
            var health = HealthOf(outcome.App, outcome.Addon);
            if (outcome.Kind == BackupEventKind.Created)
            {
                health.LastSuccessAt = outcome.Backup?.StartedAt ?? now;
                health.LastFailure = null;
            }
            else if (outcome.IsAlert)
            {
                health.Failures++;
                health.LastFailure = new BackupFailure(now, kind, outcome.Message);
            }
        }

        if (!outcome.IsAlert)
        {
            return;
        }

        var line = $"alert: {kind}: {outcome.Message}";
        _alerts.WriteLine("runway: " + line);
        log?.Append(new LogLine(now, "runway", line));
        if (webhook is not null)
        {
            _webhook.Post(webhook, new BackupAlert(outcome.App, outcome.Addon, kind, outcome.Message, now));
        }
    }

    /// <summary>Remembers the newest backup on record as the last success, unless a newer one is known already.</summary>
    public void Seed(string app, string addon, DateTimeOffset? newestBackup)
    {
        lock (_gate)
        {
            var health = HealthOf(app, addon);
            if (newestBackup > health.LastSuccessAt || health.LastSuccessAt is null)
            {
                health.LastSuccessAt = newestBackup;
            }
        }
    }

    /// <summary>Forgets a destroyed app.</summary>
    public void Forget(string app)
    {
        lock (_gate)
        {
            foreach (var key in _health.Keys.Where(k => k.App == app).ToList())
            {
                _health.Remove(key);
            }
        }
    }

    /// <summary>Each add-on's health, by app then add-on name.</summary>
    public IReadOnlyList<AddonBackupState> Snapshot(string? app = null)
    {
        lock (_gate)
        {
            return _health
                .Where(h => app is null || h.Key.App == app)
                .OrderBy(h => h.Key.App, StringComparer.Ordinal).ThenBy(h => h.Key.Addon, StringComparer.Ordinal)
                .Select(h => new AddonBackupState(h.Key.App, h.Key.Addon, h.Value.LastSuccessAt, h.Value.Failures, h.Value.LastFailure))
                .ToList();
        }
    }

    private AddonBackupHealth HealthOf(string app, string addon)
    {
        if (!_health.TryGetValue((app, addon), out var health))
        {
            health = new AddonBackupHealth();
            _health[(app, addon)] = health;
        }

        return health;
    }

    private sealed class AddonBackupHealth
    {
        public DateTimeOffset? LastSuccessAt { get; set; }

        public long Failures { get; set; }

        public BackupFailure? LastFailure { get; set; }
    }
}

/// <summary>The latest failure of an add-on's backups: when, its event kind and what went wrong.</summary>
public sealed record BackupFailure(DateTimeOffset At, string Kind, string Message);

/// <summary>One add-on's backup health: when its last backup succeeded, how many failures it had since the daemon started,
/// and its last failure while no backup succeeded after it.</summary>
internal sealed record AddonBackupState(string App, string Addon, DateTimeOffset? LastSuccessAt, long Failures, BackupFailure? LastFailure);
