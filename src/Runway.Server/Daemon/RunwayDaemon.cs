using System.Collections.Concurrent;
using Runway.Build;
using Runway.Build.Releases;
using Runway.Edge.Hosting;
using Runway.Edge.Telemetry;
using Runway.Runtime;
using Runway.Runtime.Isolation;
using Runway.Runtime.Processes;
using Runway.Server.Api;
using Runway.Server.Addons;
using Runway.Server.Apps;
using Runway.Server.Backups;
using Runway.Server.Preparation;
using Runway.Server.Progress;
using Runway.State;
using Runway.State.Secrets;

namespace Runway.Server.Daemon;

/// <summary>The long-running Runway: every app it was told to run, the edge in front of them, and the state that lets it
/// pick up where it was after a restart (or a kill -9).</summary>
internal sealed partial class RunwayDaemon : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, AppHost> _apps = new(StringComparer.Ordinal);
    private readonly DaemonContext _context;
    private readonly SecretVault _vault;

    private RunwayDaemon(DaemonContext context, SecretVault vault, DaemonBackups backups)
    {
        _context = context;
        _vault = vault;
        _backups = backups;
    }

    public DaemonContext Context => _context;

    public int EdgePort => _context.Edge.Port;

    public static async Task<RunwayDaemon> StartAsync(DaemonOptions options, CancellationToken cancellationToken)
    {
        var home = options.Home;
        Directory.CreateDirectory(home.Path);
        var state = StateStore.Open(Path.Combine(home.Path, "state.db"), options.Time);
        var vault = SecretVault.OpenOrCreate(Path.Combine(home.Path, "secret.key"));
        EdgeServer edge;
        RunwayDaemon? daemon = null;
        try
        {
            edge = await EdgeServer.StartAsync(
                new EdgeServerOptions
                {
                    Port = options.EdgePort,
                    AdminPort = options.AdminPort,
                    AccessLog = AccessLogSink.PerAppFiles(home.LogsDirectory),
                    TimeProvider = options.Time,
                    AdditionalMetrics = () => daemon is null ? "" : InstanceMetricsExporter.Render(daemon, options.Time.GetUtcNow()) + BackupMetricsExporter.Render(daemon.Backups.Outcomes.Snapshot()),
                    Health = token => daemon is null ? Task.FromResult(HealthReport.Starting) : HealthReport.BuildAsync(daemon, token),
                },
                cancellationToken);
        }
        catch
        {
            state.Dispose();
            vault.Dispose();
            throw;
        }

        var context = new DaemonContext(home, state, new ReleaseSpecs(vault), new ReleaseStore(home, options.Time), edge, new AddonProvisioner(home, options.Time), options.Supervision, options.DrainTimeout, options.KeepReleases, options.Time)
        {
            Isolation = options.Supervision.Isolation == IsolationMode.Off ? IsolationSupport.TurnedOff : IsolationSupport.Probe(),
        };
        daemon = new RunwayDaemon(context, vault, CreateBackups(context, options, () => daemon));
        return daemon;
    }

    public IReadOnlyCollection<AppHost> Apps => _apps.Values.ToList();

    public AppHost? FindApp(string name) => _apps.GetValueOrDefault(name);

    private AppHost HostFor(string name) => _apps.GetOrAdd(name, n => new AppHost(n, _context));

    /// <summary>After a start: stops what a previous daemon left running, closes the deployments it left open, and starts
    /// every app that should run on its current release.</summary>
    public async Task ReconcileAsync(IProgressReporter progress, CancellationToken cancellationToken)
    {
        await Task.WhenAll(_context.State.ListInstances().Select(async instance =>
        {
            if (instance is { ProcessId: { } pid, ProcessStartTicks: { } ticks }
                && await LeftoverProcesses.KillGroupAsync(pid, ticks, TimeSpan.FromSeconds(2), cancellationToken))
            {
                _context.State.AddEvent(instance.App, "instance-leftover", $"{instance.Id} (pid {pid}) was left running by the previous daemon; stopped it to start afresh");
            }

            _context.State.RemoveInstance(instance.App, instance.Id);
        }));

        foreach (var app in _context.State.ListApps())
        {
            LeftoverCgroups.RemoveEmpty(_context.Isolation, app.Name);
        }

        foreach (var deployment in _context.State.ListUnfinishedDeployments())
        {
            _context.State.FinishDeployment(deployment.Id, DeploymentStatus.Failed, "interrupted: the daemon stopped during the rollout");
        }

        var resumes = _context.State.ListApps()
            .Where(a => a is { Desired: AppDesiredState.Running, CurrentRelease: not null })
            .Select(app => ResumeAsync(app, progress, cancellationToken));
        await Task.WhenAll(resumes);
    }

    private async Task ResumeAsync(AppRecord app, IProgressReporter progress, CancellationToken cancellationToken)
    {
        var release = LoadRelease(app.Name, app.CurrentRelease!.Value, progress);
        if (release is null)
        {
            _context.State.AddEvent(app.Name, "resume-failed", $"v{app.CurrentRelease} cannot be read back; deploy the app again");
            return;
        }

        var host = HostFor(app.Name);
        await host.ExclusiveAsync(() => host.RolloutAsync(release, RolloutTrigger.Resume, progress, cancellationToken), cancellationToken);
        await FollowBackupSchedulesAsync(host);
    }

    /// <summary>Every <paramref name="interval"/>, lets each app's autoscaler look at its services, until cancelled.</summary>
    public async Task AutoscaleAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval, _context.Time);
        while (await timer.WaitForNextTickAsync(cancellationToken))
        {
            foreach (var app in Apps)
            {
                try
                {
                    await app.Autoscaling.TickAsync(cancellationToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    _context.State.AddEvent(app.Name, "autoscale-failed", e.Message);
                }
            }
        }
    }

    /// <summary>`runway deploy DIR`: read, build a new release, roll it out.</summary>
    public async Task<bool> DeployAsync(string directory, string environment, IProgressReporter progress, CancellationToken cancellationToken)
    {
        var spec = AppReader.Read(directory, environment, progress);
        if (spec is null)
        {
            return false;
        }

        var host = HostFor(spec.Name);
        var deployed = await host.ExclusiveAsync(async () =>
        {
            var built = await ReleaseBuilding.BuildAsync(spec, _context.Releases, progress, cancellationToken);
            if (built is null)
            {
                _context.State.AddEvent(spec.Name, "build-failed", "the build failed; nothing changed");
                return false;
            }

            var known = _context.State.FindApp(spec.Name);
            _context.State.SaveApp(known is null
                ? new AppRecord(spec.Name, directory, environment, AppDesiredState.Running, null, null)
                : known with { SourceDirectory = directory, Environment = environment });
            _context.State.SaveRelease(_context.Specs.Record(spec, built.Release.Number, built.Release.Directory, _context.Time.GetUtcNow(), $"deploy of {directory}"));
            var served = await host.RolloutAsync(built, RolloutTrigger.Deploy, progress, cancellationToken);
            ReleaseRetention.Prune(_context, spec.Name, progress);
            return served;
        }, cancellationToken);
        await FollowBackupSchedulesAsync(host);
        return deployed;
    }

    /// <summary>`runway rollback APP [N]`: the previous (or the named) release, without building or its release phase.</summary>
    public Task<bool> RollbackAsync(string app, int? number, IProgressReporter progress, CancellationToken cancellationToken) =>
        WithAppAsync(app, progress, async (host, record) =>
        {
            var target = number ?? record.PreviousRelease;
            if (target is null)
            {
                progress.Error($"{app} has no previous release to roll back to; name one: runway rollback {app} N");
                return false;
            }

            if (target == record.CurrentRelease && host.Current is not null)
            {
                progress.Error($"{app} already serves v{target}");
                return false;
            }

            var release = LoadRelease(app, target.Value, progress);
            return release is not null && await host.RolloutAsync(release, RolloutTrigger.Rollback, progress, cancellationToken);
        }, cancellationToken);

    /// <summary>`runway restart APP`: the current release again, new instances beside the old ones.</summary>
    public Task<bool> RestartAsync(string app, IProgressReporter progress, CancellationToken cancellationToken) =>
        WithAppAsync(app, progress, async (host, record) =>
        {
            if (record.CurrentRelease is not { } current)
            {
                progress.Error($"{app} has no release yet; deploy it first");
                return false;
            }

            var release = LoadRelease(app, current, progress);
            return release is not null && await host.RolloutAsync(release, RolloutTrigger.Restart, progress, cancellationToken);
        }, cancellationToken);

    public Task<bool> ScaleAsync(string app, IReadOnlyDictionary<string, int> counts, IProgressReporter progress, CancellationToken cancellationToken) =>
        WithAppAsync(app, progress, (host, _) => host.ScaleAsync(counts, remember: true, progress, cancellationToken), cancellationToken);

    public Task<bool> StopAsync(string app, IProgressReporter progress, CancellationToken cancellationToken) =>
        WithAppAsync(app, progress, async (host, _) =>
        {
            await host.StopAsync(progress, remember: true);
            progress.Step($"{app} stopped; `runway restart {app}` starts it again");
            return true;
        }, cancellationToken);

    /// <summary>`runway db backup APP [--addon NAME]`: a checksummed backup of each (or the named) add-on of the running app.
    /// A failure is reported and recorded as an event, never silent.</summary>
    public Task<bool> BackupAsync(string app, string? addon, IProgressReporter progress, CancellationToken cancellationToken) =>
        WithAppAsync(app, progress, async (host, record) =>
        {
            if (host.Current is not { } running)
            {
                progress.Error($"{app} is not running; its add-ons are backed up while it runs");
                return false;
            }

            var addons = running.Prepared.App.Addons.Where(a => addon is null || a.Name == addon).ToList();
            if (addons.Count == 0)
            {
                progress.Error(addon is null ? $"{app} has no add-ons" : $"{app} has no add-on named {addon}");
                return false;
            }

            return await BackupAddonsAsync(host, running, addons, progress, cancellationToken);
        }, cancellationToken);

    /// <summary>`runway destroy APP`: stops it and forgets it: its state, releases and logs.</summary>
    public async Task<bool> DestroyAsync(string app, IProgressReporter progress, CancellationToken cancellationToken)
    {
        var done = await WithAppAsync(app, progress, async (host, _) =>
        {
            await host.StopAsync(progress, remember: false);
            _context.State.DeleteApp(app);
            var releases = _context.Releases.AppDirectory(app);
            if (Directory.Exists(releases))
            {
                Directory.Delete(releases, recursive: true);
            }

            return true;
        }, cancellationToken);
        if (done && _apps.TryRemove(app, out var removed))
        {
            await removed.DisposeAsync();
            File.Delete(Path.Combine(_context.Home.LogsDirectory, app + ".log"));
            await _context.Edge.ForgetAccessLogAsync(app);
            progress.Step($"{app} destroyed: its instances, releases, state and logs are gone");
        }

        return done;
    }

    private async Task<bool> WithAppAsync(string app, IProgressReporter progress, Func<AppHost, AppRecord, Task<bool>> operation, CancellationToken cancellationToken)
    {
        if (_context.State.FindApp(app) is null)
        {
            var known = _context.State.ListApps().Select(a => a.Name).ToList();
            progress.Error($"no app named {app}" + (known.Count == 0 ? "; deploy one with `runway deploy DIR`" : $"; apps: {string.Join(", ", known)}"));
            return false;
        }

        var host = HostFor(app);
        var done = await host.ExclusiveAsync(() => operation(host, _context.State.FindApp(app)!), cancellationToken);
        await FollowBackupSchedulesAsync(host);
        return done;
    }

    private BuiltRelease? LoadRelease(string app, int number, IProgressReporter progress)
    {
        var record = _context.State.FindRelease(app, number);
        if (record is null)
        {
            progress.Error($"{app} has no release v{number}; `runway status {app}` lists them");
            return null;
        }

        var built = BuiltRelease.FromStore(_context.Specs.Read(record), _context.Releases, number);
        if (built is null)
        {
            progress.Error($"{app} v{number}: its directory {record.Directory} is missing or incomplete");
        }

        return built;
    }

    public async ValueTask DisposeAsync()
    {
        await _backups.DisposeAsync();
        await Task.WhenAll(_apps.Values.Select(a => a.DisposeAsync().AsTask()));
        await _context.Edge.DisposeAsync();
        await _context.Addons.DisposeAsync();
        _context.State.Dispose();
        _vault.Dispose();
    }
}
