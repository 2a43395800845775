using System.Globalization;
using Runway.Model;
using Runway.Runtime.Health;
using Runway.Runtime.Metrics;
using Runway.Runtime.Processes;

namespace Runway.Runtime.Supervision;

/// <summary>Keeps one instance alive: launch, start gate, continuous liveness checks, restart policy with backoff,
/// and graceful stop. One loop per instance; every wait goes through the injected <see cref="TimeProvider"/>.</summary>
internal sealed class InstanceSupervisor : IDisposable
{
    private readonly IProcessLauncher _launcher;
    private readonly IHealthProbeFactory _probes;
    private readonly SupervisorOptions _options;
    private readonly TimeProvider _time;
    private readonly InstanceEvents _events;
    private readonly RestartBackoff _backoff;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _lock = new();
    private volatile IInstanceProcess? _process;
    private Task _loop = Task.CompletedTask;
    private Task? _stopping;
    private int _launches;

    public InstanceSupervisor(
        InstanceSpec spec, IProcessLauncher launcher, IHealthProbeFactory probes, SupervisorOptions options, TimeProvider time, IInstanceObserver observer)
    {
        Spec = spec;
        _launcher = launcher;
        _probes = probes;
        _options = options;
        _time = time;
        _backoff = new RestartBackoff(options);
        _events = new InstanceEvents(spec, time, observer, options.RecentOutputLines, () => _backoff.ConsecutiveRestarts);
    }

    public InstanceSpec Spec { get; }

    public InstanceId Id => Spec.Id;

    /// <summary>Completes with <see cref="InstanceState.Healthy"/> the first time the instance passes its start gate,
    /// or with the final state if it ends before that.</summary>
    public Task<InstanceState> Started => _events.Started;

    /// <summary>Completes when the instance reaches a final state.</summary>
    public Task Ended => _events.Ended;

    public InstanceStatus GetStatus() => _events.GetStatus();

    /// <summary>What the instance's processes use now (nothing when none runs).</summary>
    public InstanceMetricsReading ReadMetrics()
    {
        var process = _process;
        var ended = process is null || (process.Exited.IsCompleted && !process.HasLiveProcesses); // a reused group id is not ours
        var metrics = ended ? InstanceMetrics.None : ProcessMetricsReader.ReadProcesses(process!.LiveProcessIds());
        return new InstanceMetricsReading(Id, metrics, _time.GetUtcNow());
    }

    public void Start() => _loop = Task.Run(() => RunAsync(_stop.Token));

    /// <summary>Stops the loop, then SIGTERM to the process group, <paramref name="grace"/>, SIGKILL. Safe to call more than once.</summary>
    public Task StopAsync(TimeSpan grace, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _stopping ??= StopCoreAsync(grace);
        }

        return _stopping.WaitAsync(cancellationToken);
    }

    /// <summary>Releases the stop signal; call after <see cref="StopAsync"/> completed.</summary>
    public void Dispose() => _stop.Dispose();

    /// <summary>Last resort when Runway itself exits: SIGKILL to the group, no waiting.</summary>
    public void KillNow()
    {
        // Also when the main process has ended: what it left in its group may still be there.
        _process?.SignalGroup(LibC.SIGKILL);
    }

    private async Task StopCoreAsync(TimeSpan grace)
    {
        await _stop.CancelAsync();
        await _loop;
        var process = _process;
        var wasFinal = _events.State.IsFinal();
        var result = TerminationResult.AlreadyGone;
        if (process is not null)
        {
            if (!wasFinal && process.HasLiveProcesses)
            {
                _events.Set(InstanceState.Stopping, $"SIGTERM to process group {process.Id}, SIGKILL after {Durations.Format(grace)}");
            }

            result = await ProcessTerminator.TerminateAsync(process, grace, _options, _time, CancellationToken.None);
        }

        int? exitCode = process is { Exited.IsCompleted: true } ? await process.Exited : null;
        if (process is not null)
        {
            await process.DisposeAsync();
        }

        if (!wasFinal)
        {
            var reason = result switch
            {
                TerminationResult.EndedAfterTerm => "stopped after SIGTERM",
                TerminationResult.Killed => $"killed with SIGKILL after the {Durations.Format(grace)} grace period",
                TerminationResult.StillRunning => $"SIGKILL sent, but processes of group {process?.Id} were still present after {Durations.Format(_options.KillWait)}",
                _ => "stopped",
            };
            _events.Set(InstanceState.Stopped, reason, exitCode);
        }
    }

    private async Task RunAsync(CancellationToken stop)
    {
        try
        {
            while (true)
            {
                var outcome = await RunOnceAsync(stop);
                _backoff.ResetIfStable(_time.GetUtcNow()); // a crash after a long healthy run starts a fresh count
                _backoff.MarkNotHealthy();
                var decision = RestartDecider.Decide(Spec.Restart, outcome, _backoff.ConsecutiveRestarts);
                if (decision.Action == RestartAction.Exit)
                {
                    _events.Set(InstanceState.Exited, decision.Reason, outcome.ExitCode, outOfMemory: outcome.OutOfMemory);
                    return;
                }

                if (decision.Action == RestartAction.Fail)
                {
                    _events.Set(InstanceState.Failed, decision.Reason, outcome.ExitCode, withRecentOutput: true, outOfMemory: outcome.OutOfMemory);
                    return;
                }

                var delay = _backoff.NextRestartDelay();
                _events.CountRestart();
                var wait = Task.Delay(delay, _time, stop); // created before the event, so observers see a timer already running
                _events.Set(InstanceState.Backoff, $"{decision.Reason}; starting again in {Durations.Format(delay)}", outcome.ExitCode, outOfMemory: outcome.OutOfMemory);
                await wait;
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // StopAsync takes over.
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _events.Set(InstanceState.Failed, $"supervision failed ({ex.GetType().Name}: {ex.Message}); this is a bug in Runway", withRecentOutput: true);
        }
    }

    /// <summary>One life of the instance: launch, start gate, liveness, until it ends or must be replaced.</summary>
    private async Task<RunOutcome> RunOnceAsync(CancellationToken stop)
    {
        IInstanceProcess process;
        try
        {
            process = _launcher.Start(Spec, _events.Output);
        }
        catch (InstanceLaunchException ex)
        {
            return new RunOutcome(RunEnd.LaunchFailed, null, ex.Message);
        }

        var previous = _process;
        _process = process;
        if (previous is not null)
        {
            await previous.DisposeAsync();
        }

        _launches++;
        _events.Set(
            InstanceState.Starting,
            _launches == 1 ? $"started process {process.Id}: {Spec.Command}" : $"restarted as process {process.Id}",
            processId: process.Id);
        var probe = _probes.Create(Spec, process);
        var outcome = await WaitUntilHealthyAsync(process, probe, stop) ?? await WatchLivenessAsync(process, probe, stop);

        // The process must go (it failed its checks), or what it left behind in its group must.
        var grace = outcome.End == RunEnd.Exited ? _options.LeftoverGracePeriod : Spec.StopGracePeriod ?? _options.DefaultStopGracePeriod;
        await ProcessTerminator.TerminateAsync(process, grace, _options, _time, stop);
        await process.WaitForOutputAsync(_options.OutputDrainWait);
        var ended = outcome.ExitCode is null && process.Exited.IsCompleted && outcome.End != RunEnd.Exited
            ? outcome with { ExitCode = await process.Exited }
            : outcome;
        return await process.EndRunAsync() is { } memoryKill ? ended.WithMemoryLimitKill(memoryKill.LimitBytes) : ended;
    }

    /// <summary>The start gate: probes until healthy (returns null) or until the start timeout or an exit (returns the outcome).</summary>
    private async Task<RunOutcome?> WaitUntilHealthyAsync(IInstanceProcess process, IHealthProbe probe, CancellationToken stop)
    {
        var timeout = Spec.Health.StartTimeout;
        var deadline = _time.GetUtcNow() + timeout;
        var last = "no probe has completed yet";
        while (true)
        {
            if (await WaitOrExitAsync(process, _options.StartProbeInterval, stop))
            {
                return RunOutcome.Exited(await process.Exited);
            }

            var left = deadline - _time.GetUtcNow();
            if (left <= TimeSpan.Zero)
            {
                return new RunOutcome(RunEnd.StartTimedOut, null, $"not healthy within the {Durations.Format(timeout)} start timeout (healthcheckTimeout); last check: {last}");
            }

            var result = await probe.ProbeAsync(left < Spec.Health.ProbeTimeout ? left : Spec.Health.ProbeTimeout, stop);
            if (process.Exited.IsCompleted)
            {
                return RunOutcome.Exited(await process.Exited);
            }

            if (result.Healthy)
            {
                _backoff.MarkHealthy(_time.GetUtcNow());
                _events.Set(InstanceState.Healthy, result.Detail);
                return null;
            }

            last = result.Detail;
        }
    }

    /// <summary>Liveness after start: a probe every interval; the failure threshold in a row ends the run.</summary>
    private async Task<RunOutcome> WatchLivenessAsync(IInstanceProcess process, IHealthProbe probe, CancellationToken stop)
    {
        var health = Spec.Health;
        var threshold = Math.Max(1, health.FailureThreshold);
        var failures = 0;
        while (true)
        {
            if (await WaitOrExitAsync(process, health.Interval, stop))
            {
                return RunOutcome.Exited(await process.Exited);
            }

            var result = await probe.ProbeAsync(health.ProbeTimeout, stop);
            if (process.Exited.IsCompleted)
            {
                return RunOutcome.Exited(await process.Exited);
            }

            if (result.Healthy)
            {
                _backoff.MarkHealthy(_time.GetUtcNow());
                if (failures > 0)
                {
                    failures = 0;
                    _events.Set(InstanceState.Healthy, $"recovered: {result.Detail}");
                }

                _backoff.ResetIfStable(_time.GetUtcNow());
                continue;
            }

            failures++;
            _backoff.MarkNotHealthy();
            var count = string.Create(CultureInfo.InvariantCulture, $"{failures} of {threshold}");
            if (failures >= threshold)
            {
                _events.Set(InstanceState.Unhealthy, $"health check failed ({count}): {result.Detail}; stopping process {process.Id}");
                return new RunOutcome(RunEnd.Unhealthy, null, $"health check failed {failures} times in a row: {result.Detail}");
            }

            _events.Set(InstanceState.Unhealthy, $"health check failed ({count}): {result.Detail}");
        }
    }

    /// <summary>Waits <paramref name="delay"/>; returns true early when the main process ends.</summary>
    private async Task<bool> WaitOrExitAsync(IInstanceProcess process, TimeSpan delay, CancellationToken stop)
    {
        if (process.Exited.IsCompleted)
        {
            return true;
        }

        using var waitEnd = CancellationTokenSource.CreateLinkedTokenSource(stop);
        var timer = Task.Delay(delay, _time, waitEnd.Token);
        var first = await Task.WhenAny(timer, process.Exited);
        await waitEnd.CancelAsync();
        stop.ThrowIfCancellationRequested();
        return first != timer;
    }
}
