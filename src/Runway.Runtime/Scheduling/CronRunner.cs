using Runway.Runtime.Processes;
using Runway.Runtime.Supervision;

namespace Runway.Runtime.Scheduling;

/// <summary>Starts each cron service's command at its scheduled times (UTC). Railway's rule: a run is skipped while the
/// previous one still runs. A run is not restarted when it fails; its end is reported (Exited, or Failed with its last lines).</summary>
public sealed class CronRunner : IAsyncDisposable
{
    /// <summary>Task.Delay cannot wait longer than about 49 days; longer waits are taken in steps.</summary>
    private static readonly TimeSpan LongestWait = TimeSpan.FromDays(1);

    private readonly IProcessLauncher _launcher;
    private readonly IInstanceObserver _observer;
    private readonly SupervisorOptions _options;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _loops = [];
    private readonly Lock _lock = new();
    private readonly Dictionary<InstanceId, IInstanceProcess> _running = [];
    private int _disposed;

    public CronRunner(SupervisorOptions? options = null, IInstanceObserver? observer = null, TimeProvider? timeProvider = null)
        : this(options ?? new SupervisorOptions(), observer, timeProvider ?? TimeProvider.System, launcher: null)
    {
    }

    internal CronRunner(SupervisorOptions options, IInstanceObserver? observer, TimeProvider timeProvider, IProcessLauncher? launcher)
    {
        _options = options;
        _observer = observer ?? new DelegateInstanceObserver();
        _time = timeProvider;
        _launcher = launcher ?? new ShellProcessLauncher(options.MaxLineBytes, timeProvider);
    }

    /// <summary>Begins waiting for each job's next run.</summary>
    public void Start(IEnumerable<CronJob> jobs)
    {
        foreach (var job in jobs)
        {
            _loops.Add(Task.Run(() => RunLoopAsync(job, _stop.Token)));
        }
    }

    private async Task RunLoopAsync(CronJob job, CancellationToken stop)
    {
        var id = job.Run.Id;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var now = _time.GetUtcNow();
                if (job.Schedule.Next(now) is not { } next)
                {
                    Report(id, InstanceState.Exited, $"the schedule '{job.Schedule}' has no future run");
                    return;
                }

                Report(id, InstanceState.Pending, $"next run at {next:yyyy-MM-dd HH:mm} UTC ({job.Schedule})");
                while (_time.GetUtcNow() < next)
                {
                    var wait = next - _time.GetUtcNow();
                    await Task.Delay(wait < LongestWait ? wait : LongestWait, _time, stop);
                }

                if (IsRunning(id))
                {
                    Report(id, InstanceState.Pending, $"run at {next:HH:mm} UTC skipped: the previous run is still running");
                    continue;
                }

                StartRun(job);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private void StartRun(CronJob job)
    {
        var id = job.Run.Id;
        var recent = new RecentLines(_options.RecentOutputLines);
        IInstanceProcess process;
        try
        {
            process = _launcher.Start(job.Run, (stream, text) =>
            {
                recent.Add(text);
                _observer.OnOutput(new InstanceOutputLine(id, stream, text, _time.GetUtcNow()));
            });
        }
        catch (InstanceLaunchException e)
        {
            Report(id, InstanceState.Failed, e.Message);
            return;
        }

        lock (_lock)
        {
            _running[id] = process;
        }

        Report(id, InstanceState.Starting, $"scheduled run started as process {process.Id}: {job.Run.Command}", process.Id);
        _ = WatchRunAsync(id, process, recent);
    }

    private async Task WatchRunAsync(InstanceId id, IInstanceProcess process, RecentLines recent)
    {
        var exitCode = await process.Exited;
        await process.WaitForOutputAsync(_options.OutputDrainWait);
        if (_stop.IsCancellationRequested)
        {
            return; // DisposeAsync reports and cleans up.
        }

        await ProcessTerminator.TerminateAsync(process, _options.LeftoverGracePeriod, _options, _time, CancellationToken.None);
        lock (_lock)
        {
            _running.Remove(id);
        }

        await process.DisposeAsync();
        var state = exitCode == 0 ? InstanceState.Exited : InstanceState.Failed;
        _observer.OnStateChanged(new InstanceStateChange(id, InstanceState.Healthy, state, $"scheduled run ended with code {exitCode}", _time.GetUtcNow())
        {
            ExitCode = exitCode,
            RecentOutput = state == InstanceState.Failed ? recent.Snapshot() : Model.ValueList<string>.Empty,
        });
    }

    private bool IsRunning(InstanceId id)
    {
        lock (_lock)
        {
            return _running.TryGetValue(id, out var process) && !process.Exited.IsCompleted;
        }
    }

    private void Report(InstanceId id, InstanceState state, string reason, int? processId = null) =>
        _observer.OnStateChanged(new InstanceStateChange(id, InstanceState.Pending, state, reason, _time.GetUtcNow()) { ProcessId = processId });

    /// <summary>Stops scheduling and ends running runs (SIGTERM, grace period, SIGKILL).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stop.CancelAsync();
        await Task.WhenAll(_loops);
        List<KeyValuePair<InstanceId, IInstanceProcess>> running;
        lock (_lock)
        {
            running = [.. _running];
            _running.Clear();
        }

        foreach (var (id, process) in running)
        {
            await ProcessTerminator.TerminateAsync(process, _options.DefaultStopGracePeriod, _options, _time, CancellationToken.None);
            await process.DisposeAsync();
            Report(id, InstanceState.Stopped, "stopped with the app");
        }

        _stop.Dispose();
    }
}
