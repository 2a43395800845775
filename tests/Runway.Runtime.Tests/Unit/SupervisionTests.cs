using Runway.Model;
using Runway.Runtime.Processes;
using Runway.Runtime.Tests.Support;
using Runway.Tests.Shared;

namespace Runway.Runtime.Tests.Unit;

/// <summary>The supervision loop with fake processes and a manual clock: every delay must be waited on the injected clock.</summary>
public sealed class SupervisionTests
{
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(100);

    private static readonly SupervisorOptions Options = new()
    {
        InitialBackoff = TimeSpan.FromSeconds(1),
        MaxBackoff = TimeSpan.FromSeconds(8),
        StablePeriod = TimeSpan.FromSeconds(60),
        StartProbeInterval = TimeSpan.FromMilliseconds(500),
        DefaultStopGracePeriod = TimeSpan.FromSeconds(10),
        LeftoverGracePeriod = TimeSpan.FromSeconds(2),
        KillWait = TimeSpan.FromSeconds(5),
        StopPollInterval = TimeSpan.FromMilliseconds(50),
    };

    private readonly ManualClock _time = new();
    private readonly FakeLauncher _launcher = new();
    private readonly FakeProbes _probes = new();
    private readonly RecordingObserver _observer = new();

    private static InstanceSpec Instance(RestartPolicyKind kind = RestartPolicyKind.OnFailure, int maxRetries = 5, HealthCheckSpec? health = null) =>
        Specs.Worker("serve", new RestartPolicy(kind, maxRetries)) with
        {
            Health = health ?? new HealthCheckSpec(null, TimeSpan.FromSeconds(30)) { Interval = TimeSpan.FromSeconds(5), FailureThreshold = 3 },
        };

    private Supervisor NewSupervisor(FakeLauncher? launcher = null) => new(Options, _observer, _time, launcher ?? _launcher, _probes);

    private async Task StartHealthyAsync(Supervisor supervisor, InstanceSpec spec)
    {
        var start = supervisor.StartAsync([spec]);
        await Eventually.AdvanceUntilAsync(_time, Step, () => start.IsCompleted, "start gate");
        Assert.True((await start).AllHealthy, _observer.Describe());
    }

    /// <summary>Asserts that moving the clock by <paramref name="by"/> does not start another process.</summary>
    private async Task AssertNoRestartWithinAsync(TimeSpan by)
    {
        var before = _launcher.Count;
        _time.Advance(by);
        await Task.Delay(150);
        Assert.Equal(before, _launcher.Count);
    }

    [Fact]
    public async Task The_restart_delay_is_waited_and_doubles()
    {
        await using var supervisor = NewSupervisor();
        await StartHealthyAsync(supervisor, Instance());

        _launcher.Last.Exit(1);
        await _observer.WaitForAsync(InstanceState.Backoff);
        await AssertNoRestartWithinAsync(TimeSpan.FromMilliseconds(999));
        _time.Advance(TimeSpan.FromMilliseconds(1));
        await Eventually.TrueAsync(() => _launcher.Count == 2, "second launch");

        await Eventually.AdvanceUntilAsync(_time, Step, () => _observer.Count(InstanceState.Healthy) == 2, "healthy again");
        _launcher.Last.Exit(1);
        await _observer.WaitForAsync(InstanceState.Backoff, times: 2);
        await AssertNoRestartWithinAsync(TimeSpan.FromMilliseconds(1999));
        _time.Advance(TimeSpan.FromMilliseconds(1));
        await Eventually.TrueAsync(() => _launcher.Count == 3, "third launch");

        var backoffs = _observer.Changes.Where(c => c.Current == InstanceState.Backoff).ToList();
        Assert.EndsWith("starting again in 1 s", backoffs[0].Reason, StringComparison.Ordinal);
        Assert.EndsWith("starting again in 2 s", backoffs[1].Reason, StringComparison.Ordinal);
        Assert.Equal(1, backoffs[0].ExitCode);
    }

    [Fact]
    public async Task A_crash_loop_ends_failed_after_the_retries_with_the_last_output()
    {
        await using var supervisor = NewSupervisor();
        var start = supervisor.StartAsync([Instance(maxRetries: 2)]);

        for (var launch = 1; launch <= 3; launch++)
        {
            await Eventually.AdvanceUntilAsync(_time, Step, () => _launcher.Count == launch, $"launch {launch}");
            _launcher.Last.Exit(3);
        }

        await _observer.WaitForAsync(InstanceState.Failed);
        var report = await start;
        var failed = _observer.Last(InstanceState.Failed)!;
        Assert.Equal(3, failed.ExitCode);
        Assert.Contains("gave up after 2 consecutive restarts", failed.Reason, StringComparison.Ordinal);
        Assert.Equal(new[] { "boot 1000", "boot 1001", "boot 1002" }, failed.RecentOutput.ToArray());
        Assert.Equal(InstanceState.Failed, Assert.Single(report.Instances).State);
        await AssertNoRestartWithinAsync(TimeSpan.FromMinutes(5));
    }

    [Fact]
    public async Task A_stable_run_forgets_earlier_restarts()
    {
        await using var supervisor = NewSupervisor();
        await StartHealthyAsync(supervisor, Instance(maxRetries: 1));
        _launcher.Last.Exit(1);
        await Eventually.AdvanceUntilAsync(_time, Step, () => _observer.Count(InstanceState.Healthy) == 2, "healthy after restart 1");

        // Healthy for longer than the stable period: the next crash is restart 1 of 1 again, with the initial delay.
        await Eventually.AdvanceUntilAsync(_time, TimeSpan.FromSeconds(1), () => supervisor.GetStatus()[0].ConsecutiveRestarts == 0, "restart count reset");
        _launcher.Last.Exit(1);

        await _observer.WaitForAsync(InstanceState.Backoff, times: 2);
        var backoff = _observer.Last(InstanceState.Backoff)!;
        Assert.Contains("restart 1 of 1", backoff.Reason, StringComparison.Ordinal);
        Assert.EndsWith("starting again in 1 s", backoff.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Failing_liveness_checks_stop_and_restart_the_instance()
    {
        await using var supervisor = NewSupervisor();
        await StartHealthyAsync(supervisor, Instance());
        var first = _launcher.Last;

        _probes.Healthy = false;
        await Eventually.AdvanceUntilAsync(_time, Step, () => first.Signals.Count > 0, "SIGTERM after the threshold");
        _probes.Healthy = true;
        await Eventually.AdvanceUntilAsync(_time, Step, () => _observer.Count(InstanceState.Healthy) == 2, "healthy after restart");

        Assert.Equal([LibC.SIGTERM], first.Signals);
        var unhealthy = _observer.Changes.Where(c => c.Current == InstanceState.Unhealthy).Select(c => c.Reason).ToList();
        Assert.Equal(3, unhealthy.Count);
        Assert.StartsWith("health check failed (1 of 3): fake failure", unhealthy[0], StringComparison.Ordinal);
        Assert.Contains("(3 of 3)", unhealthy[2], StringComparison.Ordinal);
        Assert.Contains("health check failed 3 times in a row", _observer.Last(InstanceState.Backoff)!.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task One_failed_probe_followed_by_a_good_one_recovers_without_restart()
    {
        await using var supervisor = NewSupervisor();
        await StartHealthyAsync(supervisor, Instance());

        _probes.Healthy = false;
        await Eventually.AdvanceUntilAsync(_time, Step, () => _observer.Count(InstanceState.Unhealthy) == 1, "unhealthy");
        _probes.Healthy = true;
        await Eventually.AdvanceUntilAsync(_time, Step, () => _observer.Count(InstanceState.Healthy) == 2, "recovered");

        Assert.StartsWith("recovered", _observer.Last(InstanceState.Healthy)!.Reason, StringComparison.Ordinal);
        Assert.Equal(1, _launcher.Count);
    }

    [Fact]
    public async Task Not_healthy_within_the_start_timeout_fails_under_never()
    {
        _probes.Healthy = false;
        await using var supervisor = NewSupervisor();
        var spec = Instance(RestartPolicyKind.Never, health: new HealthCheckSpec("/health", TimeSpan.FromSeconds(3)));

        var start = supervisor.StartAsync([spec]);
        await Eventually.AdvanceUntilAsync(_time, Step, () => start.IsCompleted, "start gate");

        var failed = Assert.Single((await start).Instances);
        Assert.Equal(InstanceState.Failed, failed.State);
        Assert.Contains("not healthy within the 3 s start timeout (healthcheckTimeout); last check: fake failure", failed.Reason, StringComparison.Ordinal);
        Assert.Equal([LibC.SIGTERM], _launcher.Last.Signals);
    }

    [Fact]
    public async Task Policies_decide_what_a_clean_exit_means()
    {
        var onFailure = new FakeLauncher();
        var always = new FakeLauncher();
        await using var first = NewSupervisor(onFailure);
        await using var second = NewSupervisor(always);
        await StartHealthyAsync(first, Instance(RestartPolicyKind.OnFailure));
        await StartHealthyAsync(second, Instance(RestartPolicyKind.Always));

        onFailure.Last.Exit(0);
        always.Last.Exit(0);
        await Eventually.AdvanceUntilAsync(_time, Step, () => always.Count == 2, "ALWAYS restarts after exit 0");

        Assert.Equal(1, onFailure.Count);
        Assert.Equal(InstanceState.Exited, first.GetStatus()[0].State);
        Assert.Equal(0, first.GetStatus()[0].LastExitCode);
    }

    [Fact]
    public async Task A_launch_failure_is_retried_and_reported()
    {
        var launcher = new FakeLauncher { LaunchFailure = "working directory /nope does not exist" };
        await using var supervisor = NewSupervisor(launcher);
        var start = supervisor.StartAsync([Instance(maxRetries: 1)]);

        await Eventually.AdvanceUntilAsync(_time, Step, () => start.IsCompleted, "gave up");

        var status = Assert.Single((await start).Instances);
        Assert.Equal(InstanceState.Failed, status.State);
        Assert.StartsWith("working directory /nope does not exist; gave up after 1", status.Reason, StringComparison.Ordinal);
        Assert.Equal(1, _observer.Count(InstanceState.Backoff));
    }

    [Fact]
    public async Task Stopping_during_backoff_starts_nothing_more()
    {
        await using var supervisor = NewSupervisor();
        await StartHealthyAsync(supervisor, Instance());
        _launcher.Last.Exit(1);
        await _observer.WaitForAsync(InstanceState.Backoff);

        await supervisor.StopAsync();
        await AssertNoRestartWithinAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(InstanceState.Stopped, supervisor.GetStatus()[0].State);
    }

    [Fact]
    public async Task A_process_ignoring_sigterm_gets_sigkill_after_the_grace_period()
    {
        var stubborn = new FakeLauncher { IgnoreTerm = true };
        await using var supervisor = NewSupervisor(stubborn);
        await StartHealthyAsync(supervisor, Instance() with { StopGracePeriod = TimeSpan.FromSeconds(4) });

        var stop = supervisor.StopAsync();
        await Eventually.TrueAsync(() => stubborn.Last.Signals.Count == 1, "SIGTERM");
        await Eventually.AdvanceUntilAsync(_time, Step, () => stop.IsCompleted, "stopped", maxFakeTime: TimeSpan.FromSeconds(5));
        await stop;

        Assert.Equal([LibC.SIGTERM, LibC.SIGKILL], stubborn.Last.Signals);
        var stopped = _observer.Last(InstanceState.Stopped)!;
        Assert.Equal("killed with SIGKILL after the 4 s grace period", stopped.Reason);
        Assert.Equal(137, stopped.ExitCode);
        Assert.True(_time.GetUtcNow() - _observer.Last(InstanceState.Stopping)!.At >= TimeSpan.FromSeconds(4));
    }

    [Fact]
    public async Task Services_start_in_order_and_stop_in_reverse()
    {
        await using var supervisor = NewSupervisor();
        var start = supervisor.StartAsync([
            Instance() with { Id = new InstanceId("db", 1) },
            Instance() with { Id = new InstanceId("web", 1) },
            Instance() with { Id = new InstanceId("web", 2) },
        ]);
        await Eventually.AdvanceUntilAsync(_time, Step, () => start.IsCompleted, "all started");
        await supervisor.StopAsync();

        var order = _observer.Changes.Where(c => c.Current is InstanceState.Starting or InstanceState.Healthy or InstanceState.Stopped)
            .Select(c => $"{c.Instance} {c.Current}").ToList();
        Assert.True(order.IndexOf("db.1 Healthy") < order.IndexOf("web.1 Starting"), string.Join(", ", order));
        Assert.True(order.IndexOf("web.1 Stopped") < order.IndexOf("db.1 Stopped"), string.Join(", ", order));
        Assert.True(order.IndexOf("web.2 Stopped") < order.IndexOf("db.1 Stopped"), string.Join(", ", order));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => supervisor.StartAsync([Instance()]));
    }

    [Fact]
    public async Task Duplicate_instance_ids_are_refused()
    {
        await using var supervisor = NewSupervisor();

        await Assert.ThrowsAsync<ArgumentException>(() => supervisor.StartAsync([Instance(), Instance()]));
        Assert.Equal(0, _launcher.Count);
    }
}
