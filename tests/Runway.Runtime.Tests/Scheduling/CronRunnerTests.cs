using Runway.Model;
using Runway.Runtime.Scheduling;
using Runway.Runtime.Tests.Support;
using Runway.Tests.Shared;

namespace Runway.Runtime.Tests.Scheduling;

public sealed class CronRunnerTests
{
    private static CronJob Job(string schedule)
    {
        Assert.True(CronSchedule.TryParse(schedule, out var parsed, out var problem), problem);
        return new CronJob(Specs.Worker("./report", service: "report"), parsed);
    }

    [Fact]
    public async Task Runs_start_at_the_scheduled_minutes_on_the_clock()
    {
        var time = new ManualClock(); // 2026-01-01 00:00 UTC
        var launcher = new FakeLauncher();
        var observer = new RecordingObserver();
        await using var runner = new CronRunner(Specs.FastOptions, observer, time, launcher);

        runner.Start([Job("*/5 * * * *")]);
        await Eventually.TrueAsync(() => time.PendingTimers > 0, "the runner to wait for 00:05");
        time.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal(0, launcher.Count);

        await Eventually.AdvanceUntilAsync(time, TimeSpan.FromSeconds(30), () => launcher.Count == 1, "the 00:05 run");
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 5, 0, TimeSpan.Zero), time.GetUtcNow().AddSeconds(-time.GetUtcNow().Second));
        launcher.Last.Exit(0);
        await observer.WaitForAsync(InstanceState.Exited);
        await Eventually.AdvanceUntilAsync(time, TimeSpan.FromSeconds(30), () => launcher.Count == 2, "the 00:10 run");
    }

    [Fact]
    public async Task A_run_is_skipped_while_the_previous_one_still_runs()
    {
        var time = new ManualClock();
        var launcher = new FakeLauncher();
        var observer = new RecordingObserver();
        await using var runner = new CronRunner(Specs.FastOptions, observer, time, launcher);

        runner.Start([Job("* * * * *")]);
        await Eventually.AdvanceUntilAsync(time, TimeSpan.FromSeconds(20), () => launcher.Count == 1, "the first run");
        await Eventually.AdvanceUntilAsync(
            time, TimeSpan.FromSeconds(20), () => observer.Changes.Any(c => c.Reason.Contains("skipped", StringComparison.Ordinal)), "the skipped run");
        Assert.Equal(1, launcher.Count);

        launcher.Last.Exit(1);
        await observer.WaitForAsync(InstanceState.Failed);
        Assert.Contains("boot 1000", observer.Last(InstanceState.Failed)!.RecentOutput);
        await Eventually.AdvanceUntilAsync(time, TimeSpan.FromSeconds(20), () => launcher.Count == 2, "the next run after the first ended");
    }

    [Fact]
    public async Task Disposing_stops_a_running_run()
    {
        var time = new ManualClock();
        var launcher = new FakeLauncher();
        var runner = new CronRunner(Specs.FastOptions, new RecordingObserver(), time, launcher);
        runner.Start([Job("* * * * *")]);
        await Eventually.AdvanceUntilAsync(time, TimeSpan.FromSeconds(20), () => launcher.Count == 1, "the first run");

        await runner.DisposeAsync();

        Assert.True(launcher.Last.Exited.IsCompleted);
    }
}
