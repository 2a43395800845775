using Runway.Model;
using Runway.Runtime;
using Runway.Runtime.Scheduling;
using Runway.Server.Preparation;

namespace Runway.Server.Apps;

/// <summary>One release of an app while it runs: its instances under one supervisor and its cron jobs.</summary>
internal sealed class RunningRelease : IAsyncDisposable
{
    private readonly Supervisor _supervisor;
    private readonly CronRunner _scheduler;
    private readonly Lock _gate = new();
    private ValueList<InstanceSpec> _instances;

    public RunningRelease(BuiltRelease built, PreparedApp prepared, SupervisorOptions options, IInstanceObserver observer)
    {
        Built = built;
        Prepared = prepared;
        _instances = ValueList<InstanceSpec>.Empty;
        _supervisor = new Supervisor(options, observer);
        _scheduler = new CronRunner(options, observer);
    }

    public BuiltRelease Built { get; }

    public PreparedApp Prepared { get; }

    public int Number => Prepared.Release.Number;

    /// <summary>The instances that run now (scaling adds and removes some).</summary>
    public ValueList<InstanceSpec> Instances
    {
        get
        {
            lock (_gate)
            {
                return _instances;
            }
        }
    }

    public bool Holds(InstanceId id) => Instances.Any(i => i.Id == id);

    /// <summary>Starts the release's cron jobs.</summary>
    public void StartSchedules() => _scheduler.Start(Prepared.CronJobs);

    /// <summary>Starts instances (the release's own, a batch of them, or more when scaling up) and waits for each service's
    /// start gate (healthy, or ended for good) until <paramref name="cancellationToken"/> ends the wait (they keep running).</summary>
    public async Task AddAsync(IReadOnlyList<InstanceSpec> instances, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _instances = _instances.AddRange(instances);
        }

        await _supervisor.StartAsync(instances, cancellationToken);
    }

    /// <summary>Stops and forgets instances (scaling down); call after the edge stopped sending them requests.</summary>
    public async Task RemoveAsync(IReadOnlyList<InstanceId> ids, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _instances = _instances.Where(i => !ids.Contains(i.Id)).ToValueList();
        }

        await Task.WhenAll(ids.Select(id => _supervisor.StopInstanceAsync(id, cancellationToken)));
    }

    public IReadOnlyList<InstanceStatus> Status() => _supervisor.GetStatus();

    /// <summary>CPU time, memory and process count of each instance, read from /proc now.</summary>
    public IReadOnlyList<Runway.Runtime.Metrics.InstanceMetricsReading> Metrics() => _supervisor.GetMetrics();

    /// <summary>Stops the cron jobs, then every instance in reverse start order.</summary>
    public async Task StopAsync()
    {
        await _scheduler.DisposeAsync();
        await _supervisor.StopAsync(CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        await _scheduler.DisposeAsync();
        await _supervisor.DisposeAsync();
    }
}
