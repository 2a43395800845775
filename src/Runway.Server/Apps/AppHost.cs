using Runway.Edge.Hosting;
using Runway.Model;
using Runway.Runtime;
using Runway.Server.Logs;
using Runway.Server.Preparation;
using Runway.Server.Progress;
using Runway.State;

namespace Runway.Server.Apps;

/// <summary>What started a rollout; only a deploy runs the release phase (a rollback or restart reuses a release whose
/// migrations already ran, as on Heroku and Railway).</summary>
internal enum RolloutTrigger
{
    Deploy,
    Rollback,
    Restart,
    Resume,
}

/// <summary>One app in the daemon: the release it runs, and the operations that change that — one at a time.</summary>
internal sealed class AppHost : IAsyncDisposable
{
    private readonly DaemonContext _context;
    private readonly SemaphoreSlim _operation = new(1, 1);
    private readonly InstanceFeed _feed;
    private RunningRelease? _current;
    private RunningRelease? _incoming;

    public AppHost(string name, DaemonContext context)
    {
        Name = name;
        _context = context;
        Log = new AppLog(Path.Combine(context.Home.LogsDirectory, name + ".log"));
        Autoscaling = new AppAutoscaler(this, context);
        _feed = new InstanceFeed(new InstanceRecorder(name, context, Log, ReleaseOf));
    }

    public string Name { get; }

    public AppLog Log { get; }

    public AppAutoscaler Autoscaling { get; }

    /// <summary>The release that serves now, or null.</summary>
    public RunningRelease? Current => Volatile.Read(ref _current);

    /// <summary>Runs <paramref name="operation"/> when no other operation on this app runs.</summary>
    public async Task<T> ExclusiveAsync<T>(Func<Task<T>> operation, CancellationToken cancellationToken)
    {
        await _operation.WaitAsync(cancellationToken);
        try
        {
            return await operation();
        }
        finally
        {
            _operation.Release();
        }
    }

    /// <summary>Rolls <paramref name="release"/> out beside the release that serves now: release phase (deploys only), new
    /// instances started, health gate, one atomic switch of the edge, then the old instances drain and stop. If the new
    /// instances do not become healthy they are stopped and the old release never stops serving.</summary>
    /// <returns>True when <paramref name="release"/> serves.</returns>
    public async Task<bool> RolloutAsync(BuiltRelease release, RolloutTrigger trigger, IProgressReporter progress, CancellationToken cancellationToken)
    {
        var old = Current;
        var record = _context.State.FindApp(Name);
        var scale = record?.Scale ?? ScaleOverrides.Empty;
        var deployment = _context.State.StartDeployment(Name, release.Release.Number, trigger.ToString().ToLowerInvariant());
        var failure = await RolloutCoreAsync(release, old, trigger, scale, progress, cancellationToken);
        if (failure is not null)
        {
            progress.Error(failure);
            _context.State.FinishDeployment(deployment.Id, DeploymentStatus.Failed, failure);
            _context.State.AddEvent(Name, "deploy-failed", $"v{release.Release.Number} ({trigger.ToString().ToLowerInvariant()}): {failure}");
            return false;
        }

        var previous = old?.Number ?? record?.CurrentRelease;
        var saved = (record ?? new AppRecord(Name, release.App.RootDirectory, release.App.Environment, AppDesiredState.Running, null, null))
            with { Desired = AppDesiredState.Running, CurrentRelease = release.Release.Number, PreviousRelease = previous == release.Release.Number ? record?.PreviousRelease : previous };
        _context.State.SaveApp(saved);
        var message = old is null ? $"v{release.Release.Number} serves" : $"v{release.Release.Number} serves; v{old.Number} stopped";
        _context.State.FinishDeployment(deployment.Id, DeploymentStatus.Succeeded, message);
        _context.State.AddEvent(Name, "deployed", $"{message} ({trigger.ToString().ToLowerInvariant()})");
        progress.Step($"{Name} {message}");
        return true;
    }

    /// <returns>Why the rollout failed, or null when <paramref name="release"/> serves.</returns>
    private async Task<string?> RolloutCoreAsync(
        BuiltRelease release, RunningRelease? old, RolloutTrigger trigger, IReadOnlyDictionary<string, int> scale, IProgressReporter progress, CancellationToken cancellationToken)
    {
        var addons = await _context.Addons.ProvisionAsync(release.App, progress, cancellationToken);
        if (addons is null)
        {
            return KeepsServing(old, "an add-on could not be provisioned");
        }

        var prepared = new ReleasePlanner(progress, _context.Supervision).Plan(release, scale, id => old?.Holds(id) ?? false, addons);
        if (prepared is null)
        {
            return KeepsServing(old, "the release could not be planned");
        }

        if (trigger == RolloutTrigger.Deploy && !await ReleasePhase.RunAsync(prepared, release, progress, cancellationToken))
        {
            return KeepsServing(old, "the release phase failed");
        }

        using var watch = _feed.Watch(progress);
        var next = new RunningRelease(release, prepared, _context.Supervision, _feed);
        Volatile.Write(ref _incoming, next);
        try
        {
            return await SwitchAsync(old, next, progress, cancellationToken);
        }
        finally
        {
            Volatile.Write(ref _incoming, null);
        }
    }

    /// <summary>Starts <paramref name="next"/>, moves the edge to it once healthy, and retires <paramref name="old"/>.</summary>
    private async Task<string?> SwitchAsync(RunningRelease? old, RunningRelease next, IProgressReporter progress, CancellationToken cancellationToken)
    {
        var prepared = next.Prepared;
        if (old is not null && RollingRollout.Applies(prepared, _context.RollingFrom))
        {
            var failure = await new RollingRollout(_context, progress).RunAsync(old, next, cancellationToken);
            if (failure is null)
            {
                Volatile.Write(ref _current, next);
                await old.DisposeAsync();
            }

            return failure;
        }

        progress.Step(old is null
            ? $"starting v{next.Number}: {Describe(prepared.Instances)}"
            : $"starting v{next.Number} beside v{old.Number}: {Describe(prepared.Instances)} (health gate {Runway.Runtime.Durations.Format(HealthGate.For(prepared.Instances))})");
        var notReady = await HealthGate.StartAsync(next, prepared.Instances, cancellationToken);
        if (notReady.Count > 0)
        {
            await next.DisposeAsync();
            return KeepsServing(old, $"v{next.Number} did not become healthy ({HealthGate.Explain(notReady)}); it was stopped");
        }

        // The switch: one snapshot swap, so every request goes to the old instances or to the new ones.
        next.StartSchedules();
        _context.Edge.Apply(EdgeWiring.Describe(prepared, next.Instances));
        Volatile.Write(ref _current, next);
        if (old is not null)
        {
            await RetireAsync(old, progress);
        }

        return null;
    }

    /// <summary>The release an instance belongs to: the serving one, or the one being rolled out.</summary>
    private int? ReleaseOf(InstanceId id) =>
        Volatile.Read(ref _incoming) is { } incoming && incoming.Holds(id) ? incoming.Number : Current is { } current && current.Holds(id) ? current.Number : null;

    /// <summary>Lets requests in flight to the old release finish, then stops its instances (SIGTERM, grace, SIGKILL).</summary>
    private async Task RetireAsync(RunningRelease old, IProgressReporter progress)
    {
        progress.Step($"draining v{old.Number}");
        if (!await EdgeWiring.DrainAsync(_context.Edge, old.Instances, _context.DrainTimeout))
        {
            progress.Warning($"requests to v{old.Number} were still running after {Runway.Runtime.Durations.Format(_context.DrainTimeout)}; stopping it anyway");
        }

        await old.DisposeAsync();
    }

    /// <summary>Changes replica counts of the release that serves: new instances join the edge once healthy; removed ones
    /// leave the edge first, drain, then stop.</summary>
    /// <param name="remember">Keep the counts for later releases (`runway scale`); an autoscale step does not.</param>
    public async Task<bool> ScaleAsync(IReadOnlyDictionary<string, int> counts, bool remember, IProgressReporter progress, CancellationToken cancellationToken)
    {
        var current = Current;
        var record = _context.State.FindApp(Name);
        if (current is null || record is null)
        {
            progress.Error($"{Name} is not running; deploy it first");
            return false;
        }

        var unknown = counts.Keys.Where(k => !current.Prepared.App.Services.Any(s => s.Name == k && s.Kind != ServiceKind.Cron)).ToList();
        if (unknown.Count > 0)
        {
            progress.Error($"{Name} has no service {string.Join(", ", unknown)} to scale; its services: {string.Join(", ", current.Prepared.App.Services.Where(s => s.Kind != ServiceKind.Cron).Select(s => s.Name))}");
            return false;
        }

        using var watch = _feed.Watch(progress);
        foreach (var (service, count) in counts)
        {
            var running = current.Instances.Where(i => i.Id.Service == service).OrderBy(i => i.Id.Number).ToList();
            if (count > running.Count)
            {
                var plan = new ReleasePlanner(progress, _context.Supervision).Plan(current.Built, new Dictionary<string, int> { [service] = count - running.Count }, current.Holds, current.Prepared.Addons);
                if (plan is null)
                {
                    return false;
                }

                var added = plan.Instances.Where(i => i.Id.Service == service).ToList();
                progress.Step($"starting {Describe(added)}");
                var notReady = await HealthGate.StartAsync(current, added, cancellationToken);
                if (notReady.Count > 0)
                {
                    progress.Warning($"not healthy yet: {HealthGate.Explain(notReady)}; the edge sends them requests once they are");
                }
            }
            else if (count < running.Count)
            {
                var removed = running.Skip(count).ToList();
                progress.Step($"stopping {string.Join(", ", removed.Select(i => i.Id))}");
                var keep = current.Instances.Where(i => !removed.Contains(i)).ToList();
                _context.Edge.Apply(EdgeWiring.Describe(current.Prepared, keep));
                await EdgeWiring.DrainAsync(_context.Edge, removed, _context.DrainTimeout, cancellationToken);
                await current.RemoveAsync(removed.Select(i => i.Id).ToList(), cancellationToken);
            }
        }

        _context.Edge.Apply(EdgeWiring.Describe(current.Prepared, current.Instances));
        var summary = string.Join(" ", counts.Select(c => $"{c.Key}={c.Value}"));
        if (remember)
        {
            _context.State.SaveApp(record with { Scale = counts.Aggregate(record.Scale, (overrides, count) => overrides.With(count.Key, count.Value)) });
            _context.State.AddEvent(Name, "scaled", summary);
        }

        progress.Step($"{Name} scaled: {summary}");
        return true;
    }

    /// <summary>Stops serving and stops every instance; the app stays known (deploy or restart brings it back).</summary>
    public async Task StopAsync(IProgressReporter progress, bool remember)
    {
        var current = Interlocked.Exchange(ref _current, null);
        _context.Edge.Remove(Name);
        if (current is not null)
        {
            progress.Step($"stopping v{current.Number}");
            await current.DisposeAsync();
        }

        if (remember && _context.State.FindApp(Name) is { } record)
        {
            _context.State.SaveApp(record with { Desired = AppDesiredState.Stopped });
            _context.State.AddEvent(Name, "stopped", "stopped by request");
        }
    }

    private static string KeepsServing(RunningRelease? old, string problem) =>
        old is null ? problem : $"{problem}; v{old.Number} keeps serving";

    private static string Describe(IEnumerable<InstanceSpec> instances)
    {
        var list = instances.Select(i => i.Id.ToString()).ToList();
        return list.Count == 0 ? "no instances" : string.Join(", ", list);
    }

    public async ValueTask DisposeAsync()
    {
        var current = Interlocked.Exchange(ref _current, null);
        if (current is not null)
        {
            await current.DisposeAsync();
        }

        Log.Dispose();
        _operation.Dispose();
    }
}
