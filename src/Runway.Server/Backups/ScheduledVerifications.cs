using Runway.Addons.Backups;
using Runway.Model;
using Runway.Server.Apps;
using Runway.Server.Progress;

namespace Runway.Server.Backups;

/// <summary>The <c>verify</c> schedules of <c>[addons.NAME.backups]</c>: at each slot the add-on's newest backup is restored
/// into a scratch copy and compared with its manifest (the verifier records the result as an event and in the backup's
/// metadata; a failure is an alert like a failed backup).</summary>
internal sealed class ScheduledVerifications(TimeProvider time, BackupStore store, Func<string, string, IProgressReporter, CancellationToken, Task> verifyNewest)
    : IAsyncDisposable
{
    private readonly Dictionary<(string App, string Addon), ScheduledBackup> _loops = [];

    /// <summary>Brings <paramref name="host"/>'s verification loops in line with <paramref name="running"/> (null: none).
    /// Called under the owner's refresh lock, one call at a time.</summary>
    public async Task RefreshAsync(AppHost host, RunningRelease? running, TimeProvider clock)
    {
        var wanted = running is null
            ? []
            : running.Prepared.App.Addons.Where(a => a.Backups?.Verify is not null).ToDictionary(a => a.Name, StringComparer.Ordinal);
        var environment = running?.Prepared.App.Environment ?? "";
        foreach (var (key, loop) in _loops.Where(l => l.Key.App == host.Name).ToList())
        {
            if (!wanted.TryGetValue(key.Addon, out var addon) || addon != loop.Addon || environment != loop.Environment)
            {
                _loops.Remove(key);
                await loop.DisposeAsync();
            }
        }

        foreach (var addon in wanted.Values.Where(a => !_loops.ContainsKey((host.Name, a.Name))))
        {
            if (!CronSchedule.TryParse(addon.Backups!.Verify!, out var cron, out var problem))
            {
                new LogProgress(host.Log, time).Error($"alert: scheduled verification of {host.Name}/{addon.Name} does not run: schedule \"{addon.Backups.Verify}\" {problem}");
                continue;
            }

            // The schedule goes on from the newest verification on record, so a restart catches up one missed slot.
            var lastVerified = store.List(host.Name, addon.Name).Select(b => b.LastVerification?.At).Max();
            var name = addon.Name;
            _loops[(host.Name, name)] = new ScheduledBackup(addon, environment, cron, clock, lastVerified,
                token => VerifyAsync(host, name, token));
        }
    }

    /// <summary>The verification schedule of each add-on of <paramref name="app"/> that has one.</summary>
    public IReadOnlyDictionary<string, string> Schedules(string app) =>
        _loops.Where(l => l.Key.App == app).ToDictionary(l => l.Key.Addon, l => l.Value.Schedule, StringComparer.Ordinal);

    private async Task VerifyAsync(AppHost host, string addon, CancellationToken cancellationToken)
    {
        var progress = new LogProgress(host.Log, time);
        try
        {
            await verifyNewest(host.Name, addon, progress, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            progress.Error($"alert: scheduled verification of {host.Name}/{addon} failed: {e.Message}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var loop in _loops.Values)
        {
            await loop.DisposeAsync();
        }

        _loops.Clear();
    }
}
