using Runway.Model;
using Runway.Runtime.Health;
using Runway.Runtime.Isolation;
using Runway.Runtime.Metrics;
using Runway.Runtime.Processes;
using Runway.Runtime.Supervision;

namespace Runway.Runtime;

/// <summary>Runs an app's instances as child processes and keeps them alive.</summary>
/// <remarks>Services start in the order given, each waiting for its start gate (healthy, or ended); they stop in
/// reverse order with SIGTERM to each process group, the grace period, then SIGKILL. Disposing stops everything that
/// still runs, and if Runway exits without stopping (an unhandled exception, SIGTERM to Runway), every process group
/// is killed on <see cref="AppDomain.ProcessExit"/> so no instance is orphaned. Ctrl+C does not reach the instances
/// (they run in their own sessions): the host should handle SIGINT/SIGTERM (PosixSignalRegistration) and call
/// <see cref="StopAsync"/>.</remarks>
public sealed class Supervisor : IAsyncDisposable
{
    private readonly SupervisorOptions _options;
    private readonly IInstanceObserver _observer;
    private readonly TimeProvider _time;
    private readonly IProcessLauncher _launcher;
    private readonly IHealthProbeFactory _probes;
    private readonly HealthProbeFactory? _ownedProbes;
    private readonly Lock _lock = new();
    private readonly List<InstanceSupervisor> _instances = [];
    private bool _stopped;

    public Supervisor(SupervisorOptions? options = null, IInstanceObserver? observer = null, TimeProvider? timeProvider = null)
        : this(options ?? new SupervisorOptions(), observer, timeProvider ?? TimeProvider.System, launcher: null, probes: null)
    {
    }

    internal Supervisor(SupervisorOptions options, IInstanceObserver? observer, TimeProvider timeProvider, IProcessLauncher? launcher, IHealthProbeFactory? probes)
    {
        _options = options;
        _observer = observer ?? new DelegateInstanceObserver();
        _time = timeProvider;
        (_launcher, Isolation) = launcher is null
            ? InstanceLaunchers.Create(options, timeProvider)
            : (launcher, (launcher as IsolatingProcessLauncher)?.Support ?? IsolationSupport.TurnedOff);
        if (probes is null)
        {
            _ownedProbes = new HealthProbeFactory(timeProvider);
            probes = _ownedProbes;
        }

        _probes = probes;
        AppDomain.CurrentDomain.ProcessExit += KillAllOnProcessExit;
    }

    /// <summary>Starts <paramref name="instances"/>, service by service in the order they first appear, and waits for
    /// each service's start gate: every instance of it healthy, or ended for good (see <see cref="StartReport"/>).
    /// May be called again to add instances. Cancelling stops the waiting, not the instances: stop or dispose.</summary>
    /// <exception cref="ArgumentException">Two instances have the same id.</exception>
    public async Task<StartReport> StartAsync(IEnumerable<InstanceSpec> instances, CancellationToken cancellationToken = default)
    {
        var batch = instances.ToList();
        var added = new List<InstanceSupervisor>();
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_stopped, this);
            var ids = _instances.Select(i => i.Id).ToHashSet();
            foreach (var spec in batch)
            {
                if (!ids.Add(spec.Id))
                {
                    throw new ArgumentException($"instance {spec.Id} is given twice or is already running", nameof(instances));
                }

                added.Add(new InstanceSupervisor(spec, _launcher, _probes, _options, _time, _observer));
            }

            _instances.AddRange(added);
        }

        foreach (var service in added.GroupBy(i => i.Id.Service, StringComparer.Ordinal))
        {
            foreach (var instance in service)
            {
                instance.Start();
            }

            await Task.WhenAll(service.Select(i => i.Started)).WaitAsync(cancellationToken);
        }

        return new StartReport(added.Select(i => i.GetStatus()).ToValueList());
    }

    /// <summary>Every instance as it is now, in start order.</summary>
    public IReadOnlyList<InstanceStatus> GetStatus()
    {
        lock (_lock)
        {
            return _instances.Select(i => i.GetStatus()).ToList();
        }
    }

    /// <summary>Whether instances run confined (own cgroup with limits, own user), in one line for the user to see once.</summary>
    public IsolationSupport Isolation { get; }

    /// <summary>CPU time, resident memory and process count of every instance now, read from /proc (its cgroup's
    /// processes when isolated, else its process group). CPU use in percent comes from two readings: <see cref="CpuUsage"/>.</summary>
    public IReadOnlyList<InstanceMetricsReading> GetMetrics()
    {
        List<InstanceSupervisor> instances;
        lock (_lock)
        {
            instances = [.. _instances];
        }

        return instances.Select(i => i.ReadMetrics()).ToList();
    }

    /// <summary>Completes when every instance has reached a final state (exited, failed or stopped).</summary>
    public Task WaitForAllEndedAsync(CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.WhenAll(_instances.Select(i => i.Ended)).WaitAsync(cancellationToken);
        }
    }

    /// <summary>Stops one instance (SIGTERM, grace, SIGKILL) and forgets it, for rollouts that replace instances.</summary>
    public async Task StopInstanceAsync(InstanceId id, CancellationToken cancellationToken = default)
    {
        InstanceSupervisor? instance;
        lock (_lock)
        {
            instance = _instances.Find(i => i.Id == id);
        }

        if (instance is null)
        {
            return;
        }

        await instance.StopAsync(GraceOf(instance), cancellationToken);
        lock (_lock)
        {
            _instances.Remove(instance);
        }

        instance.Dispose();
    }

    /// <summary>Stops every instance, services in reverse start order (the instances of one service together),
    /// and returns once their processes are gone. Later calls to <see cref="StartAsync"/> are refused.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        List<InstanceSupervisor> instances;
        lock (_lock)
        {
            _stopped = true;
            instances = [.. _instances];
        }

        var services = instances.Select(i => i.Id.Service).Distinct(StringComparer.Ordinal).Reverse();
        foreach (var service in services)
        {
            var group = instances.Where(i => i.Id.Service == service).ToList();
            await Task.WhenAll(group.Select(i => i.StopAsync(GraceOf(i), cancellationToken)));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None);
        AppDomain.CurrentDomain.ProcessExit -= KillAllOnProcessExit;
        lock (_lock)
        {
            foreach (var instance in _instances)
            {
                instance.Dispose();
            }

            _instances.Clear();
        }

        _ownedProbes?.Dispose();
    }

    private TimeSpan GraceOf(InstanceSupervisor instance) => instance.Spec.StopGracePeriod ?? _options.DefaultStopGracePeriod;

    private void KillAllOnProcessExit(object? sender, EventArgs e)
    {
        lock (_lock)
        {
            foreach (var instance in _instances)
            {
                instance.KillNow();
            }
        }
    }
}
