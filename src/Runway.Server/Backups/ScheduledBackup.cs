using Runway.Addons.Backups;
using Runway.Model;

namespace Runway.Server.Backups;

/// <summary>The backup loop of one add-on of a running app: a backup at each slot of its schedule on the given clock,
/// until disposed. The schedule starts from the newest backup on record, so after a stop (or a daemon restart) over
/// several slots exactly one backup catches up.</summary>
internal sealed class ScheduledBackup : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly CronSchedule _cron;
    private readonly Task _loop;
    private long _lastRunTicks;

    /// <param name="backup">One backup; it reports its own failures and throws only when cancelled.</param>
    public ScheduledBackup(AddonSpec addon, string environment, CronSchedule cron, TimeProvider time, DateTimeOffset? newestBackup, Func<CancellationToken, Task> backup)
    {
        Addon = addon;
        Environment = environment;
        _cron = cron;
        var schedule = new BackupSchedule(cron, time, newestBackup);
        _lastRunTicks = schedule.LastRun.UtcTicks;
        _loop = RunAsync(schedule, time, backup, _stop.Token);
    }

    /// <summary>The add-on as configured when the loop started; a release that changes it gets a new loop.</summary>
    public AddonSpec Addon { get; }

    public string Environment { get; }

    public string Schedule => _cron.Text;

    /// <summary>The next slot (possibly past while a backup runs or is about to).</summary>
    public DateTimeOffset? NextRun => _cron.Next(new DateTimeOffset(Interlocked.Read(ref _lastRunTicks), TimeSpan.Zero));

    private async Task RunAsync(BackupSchedule schedule, TimeProvider time, Func<CancellationToken, Task> backup, CancellationToken stop)
    {
        await Task.Yield(); // the caller (a deploy) goes on; a slot already due runs on the thread pool
        try
        {
            await schedule.RunAsync(async token =>
            {
                Interlocked.Exchange(ref _lastRunTicks, time.GetUtcNow().UtcTicks);
                await backup(token);
            }, stop);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    /// <summary>Stops the loop, cancelling a backup that runs (it is reported as cancelled and nothing of it is kept).</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
