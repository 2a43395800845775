using Runway.Model;

namespace Runway.Addons.Backups;

/// <summary>When an add-on's scheduled backups run: at each slot of a cron schedule (UTC, like Railway's cron), at most
/// once per slot. Slots missed while Runway was stopped (or while a backup was running) are caught up by one run, not
/// one per missed slot. Not thread-safe: one loop drives one schedule.</summary>
public sealed class BackupSchedule
{
    private static readonly TimeSpan LongestWait = TimeSpan.FromHours(12); // Task.Delay takes at most ~49 days
    private readonly TimeProvider _time;

    /// <param name="lastRun">When the newest backup on record started (for example <c>store.List(app, addon)[0].StartedAt</c>);
    /// null when there is none, and then the first slot after now is the first one due.</param>
    public BackupSchedule(CronSchedule cron, TimeProvider time, DateTimeOffset? lastRun)
    {
        Cron = cron;
        _time = time;
        LastRun = lastRun ?? time.GetUtcNow();
    }

    public CronSchedule Cron { get; }

    /// <summary>The time of the latest run (or of the record it started from); slots up to it are taken.</summary>
    public DateTimeOffset LastRun { get; private set; }

    /// <summary>Parses a 5-field cron expression; on failure <paramref name="problem"/> says what is wrong.</summary>
    public static bool TryParse(string text, TimeProvider time, DateTimeOffset? lastRun, out BackupSchedule schedule, out string problem)
    {
        schedule = null!;
        if (!CronSchedule.TryParse(text, out var cron, out var cronProblem))
        {
            problem = $"backup schedule \"{text}\" {cronProblem}";
            return false;
        }

        schedule = new BackupSchedule(cron, time, lastRun);
        problem = "";
        return true;
    }

    /// <summary>The first slot strictly after <paramref name="after"/>; null when the schedule never fires (e.g. 30 February).</summary>
    public DateTimeOffset? NextRun(DateTimeOffset after) => Cron.Next(after);

    /// <summary>The slot that will trigger the next run: the first one after <see cref="LastRun"/>, possibly already past.</summary>
    public DateTimeOffset? NextDue => Cron.Next(LastRun);

    public bool IsDue(DateTimeOffset now) => NextDue <= now;

    /// <summary>Runs <paramref name="backup"/> when a slot is due at <paramref name="now"/> and returns whether it ran. The
    /// slot is taken before the run starts, so a failing backup is not retried until the next slot (its failure is
    /// reported by the backup itself, e.g. <see cref="BackupRunner"/>).</summary>
    public async Task<bool> RunDueAsync(DateTimeOffset now, Func<CancellationToken, Task> backup, CancellationToken ct)
    {
        if (!IsDue(now))
        {
            return false;
        }

        LastRun = now;
        await backup(ct);
        return true;
    }

    /// <summary>Runs due backups until <paramref name="ct"/> is cancelled (then throws <see cref="OperationCanceledException"/>)
    /// or the schedule has no further slot, waiting on the injected clock in between. An exception from
    /// <paramref name="backup"/> ends the loop: pass a delegate that reports its own failures.</summary>
    public async Task RunAsync(Func<CancellationToken, Task> backup, CancellationToken ct)
    {
        while (true)
        {
            await RunDueAsync(_time.GetUtcNow(), backup, ct);
            if (NextDue is not { } next)
            {
                return;
            }

            var wait = next - _time.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait < LongestWait ? wait : LongestWait, _time, ct);
            }
        }
    }
}
