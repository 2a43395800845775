using Runway.Addons.Backups;
using Runway.Tests.Shared;

namespace Runway.Addons.Tests.Backups;

/// <summary>The schedule on a manual clock: time is moved, never slept.</summary>
public sealed class BackupScheduleTests
{
    private static readonly DateTimeOffset Monday = new(2026, 3, 2, 1, 30, 0, TimeSpan.Zero);

    private static BackupSchedule Daily(ManualClock clock, DateTimeOffset? lastRun)
    {
        Assert.True(BackupSchedule.TryParse("0 2 * * *", clock, lastRun, out var schedule, out var problem), problem);
        return schedule;
    }

    [Fact]
    public void Next_run_follows_the_cron_schedule_in_utc()
    {
        var schedule = Daily(new ManualClock(Monday), null);

        Assert.Equal(new DateTimeOffset(2026, 3, 2, 2, 0, 0, TimeSpan.Zero), schedule.NextRun(Monday));
        Assert.Equal(new DateTimeOffset(2026, 3, 3, 2, 0, 0, TimeSpan.Zero), schedule.NextRun(new DateTimeOffset(2026, 3, 2, 2, 0, 0, TimeSpan.Zero)));
        Assert.Equal(new DateTimeOffset(2026, 3, 3, 2, 0, 0, TimeSpan.Zero), schedule.NextRun(new DateTimeOffset(2026, 3, 3, 4, 0, 0, TimeSpan.FromHours(3))));
    }

    [Fact]
    public void An_invalid_schedule_says_what_is_wrong()
    {
        Assert.False(BackupSchedule.TryParse("0 25 * * *", new ManualClock(Monday), null, out _, out var problem));
        Assert.Contains("backup schedule \"0 25 * * *\"", problem, StringComparison.Ordinal);
        Assert.Contains("hour", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_due_backup_runs_once_per_slot()
    {
        var clock = new ManualClock(Monday);
        var schedule = Daily(clock, null);
        var runs = new List<DateTimeOffset>();
        Task Backup(CancellationToken ct)
        {
            runs.Add(clock.GetUtcNow());
            return Task.CompletedTask;
        }

        Assert.False(await schedule.RunDueAsync(clock.GetUtcNow(), Backup, CancellationToken.None));
        clock.Advance(TimeSpan.FromMinutes(30)); // 02:00
        Assert.True(await schedule.RunDueAsync(clock.GetUtcNow(), Backup, CancellationToken.None));
        Assert.False(await schedule.RunDueAsync(clock.GetUtcNow(), Backup, CancellationToken.None));
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.False(await schedule.RunDueAsync(clock.GetUtcNow(), Backup, CancellationToken.None));
        clock.Advance(TimeSpan.FromHours(23)); // 01:01 the next day
        Assert.False(await schedule.RunDueAsync(clock.GetUtcNow(), Backup, CancellationToken.None));
        clock.Advance(TimeSpan.FromMinutes(59)); // 02:00
        Assert.True(await schedule.RunDueAsync(clock.GetUtcNow(), Backup, CancellationToken.None));

        Assert.Equal([new DateTimeOffset(2026, 3, 2, 2, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 3, 3, 2, 0, 0, TimeSpan.Zero)], runs);
    }

    [Fact]
    public async Task Slots_missed_while_stopped_run_once_at_start()
    {
        var clock = new ManualClock(Monday);
        var lastBackup = Monday - TimeSpan.FromDays(3); // three daily slots passed while Runway was stopped
        var schedule = Daily(clock, lastBackup);
        var runs = 0;

        Assert.True(schedule.IsDue(clock.GetUtcNow()));
        Assert.True(await schedule.RunDueAsync(clock.GetUtcNow(), _ => Task.FromResult(++runs), CancellationToken.None));
        Assert.False(await schedule.RunDueAsync(clock.GetUtcNow(), _ => Task.FromResult(++runs), CancellationToken.None));
        Assert.Equal(1, runs);
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 2, 0, 0, TimeSpan.Zero), schedule.NextDue); // today's slot still comes
    }

    [Fact]
    public async Task A_recent_backup_on_record_means_nothing_is_due_at_start()
    {
        var clock = new ManualClock(Monday);
        var schedule = Daily(clock, Monday - TimeSpan.FromHours(23)); // yesterday's 02:30 run

        Assert.False(await schedule.RunDueAsync(clock.GetUtcNow(), _ => throw new InvalidOperationException("not due"), CancellationToken.None));
    }

    [Fact]
    public async Task A_failing_backup_takes_its_slot_and_is_tried_again_at_the_next()
    {
        var clock = new ManualClock(Monday.AddMinutes(30));
        var schedule = Daily(clock, Monday);
        var attempts = 0;
        Task Failing(CancellationToken ct)
        {
            attempts++;
            throw new IOException("pg_dump failed");
        }

        await Assert.ThrowsAsync<IOException>(() => schedule.RunDueAsync(clock.GetUtcNow(), Failing, CancellationToken.None));
        Assert.False(await schedule.RunDueAsync(clock.GetUtcNow(), Failing, CancellationToken.None));
        clock.Advance(TimeSpan.FromDays(1));
        await Assert.ThrowsAsync<IOException>(() => schedule.RunDueAsync(clock.GetUtcNow(), Failing, CancellationToken.None));
        Assert.Equal(2, attempts);
    }

    [Fact]
    public async Task The_loop_waits_on_the_clock_and_runs_each_slot()
    {
        var clock = new ManualClock(Monday);
        Assert.True(BackupSchedule.TryParse("0 */6 * * *", clock, Monday, out var schedule, out var problem), problem);
        var runs = new List<DateTimeOffset>();
        using var stop = new CancellationTokenSource();
        var loop = schedule.RunAsync(ct =>
        {
            runs.Add(clock.GetUtcNow());
            return Task.CompletedTask;
        }, stop.Token);

        Assert.Equal(1, clock.PendingTimers); // waiting for 06:00
        clock.Advance(TimeSpan.FromHours(4)); // 05:30
        Assert.Empty(runs);
        clock.Advance(TimeSpan.FromMinutes(30)); // 06:00
        await WaitUntil(() => runs.Count == 1 && clock.PendingTimers == 1);
        clock.Advance(TimeSpan.FromHours(6)); // 12:00
        await WaitUntil(() => runs.Count == 2 && clock.PendingTimers == 1);

        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => loop);
        Assert.Equal([new DateTimeOffset(2026, 3, 2, 6, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 3, 2, 12, 0, 0, TimeSpan.Zero)], runs);
    }

    [Fact]
    public async Task A_schedule_that_never_fires_ends_the_loop()
    {
        var clock = new ManualClock(Monday);
        Assert.True(BackupSchedule.TryParse("0 0 30 2 *", clock, null, out var schedule, out _)); // 30 February

        Assert.Null(schedule.NextDue);
        await schedule.RunAsync(_ => throw new InvalidOperationException("never"), CancellationToken.None);
    }

    // The loop continues on the timer's thread; wait (briefly, on real time) for it to get there.
    private static async Task WaitUntil(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(condition());
    }
}
