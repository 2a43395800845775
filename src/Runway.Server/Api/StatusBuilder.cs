using Runway.Server.Daemon;

namespace Runway.Server.Api;

/// <summary>Builds <see cref="StatusReport"/> from the state store and the running instances.</summary>
internal static class StatusBuilder
{
    public static async Task<StatusReport> BuildAsync(RunwayDaemon daemon, string? only, CancellationToken cancellationToken)
    {
        var state = daemon.Context.State;
        var apps = new List<AppStatus>();
        foreach (var app in state.ListApps().Where(a => only is null || a.Name == only))
        {
            var spec = daemon.FindApp(app.Name)?.Current?.Prepared.App;
            var addons = spec is null ? [] : await daemon.Context.Addons.CheckHealthAsync(spec, cancellationToken);
            apps.Add(Describe(daemon, app, addons));
        }

        return new StatusReport(daemon.EdgePort, apps);
    }

    private static AppStatus Describe(RunwayDaemon daemon, State.AppRecord app, IReadOnlyList<Addons.AddonHealth> addons)
    {
        var state = daemon.Context.State;
        var running = daemon.FindApp(app.Name)?.Current;
        var usage = running?.Metrics().ToDictionary(m => m.Instance) ?? [];
        var instances = running is null
            ? []
            : running.Status().Select(s => new InstanceReport(
                s.Instance.ToString(), running.Number, s.State.ToString().ToLowerInvariant(), s.Reason, s.Since, s.ProcessId, s.Port, s.TotalRestarts,
                usage.GetValueOrDefault(s.Instance)?.Metrics.CpuSeconds, usage.GetValueOrDefault(s.Instance)?.Metrics.MemoryBytes)
            {
                StartedAt = s.StartedAt,
            }).ToList();
        return new AppStatus(
            app.Name,
            app.Environment,
            app.Desired.ToString().ToLowerInvariant(),
            app.CurrentRelease,
            app.PreviousRelease,
            $"http://{app.Name}.localhost:{daemon.EdgePort}",
            instances,
            state.ListReleases(app.Name).Select(r => new ReleaseReport(r.Number, r.CreatedAt, r.Status.ToString().ToLowerInvariant(), r.Description)).ToList(),
            state.ListDeployments(app.Name, 10).Select(d => new DeploymentReport(d.Id, d.Release, d.Trigger, d.Status.ToString().ToLowerInvariant(), d.StartedAt, d.FinishedAt, d.Message)).ToList(),
            state.ListLatestEvents(app.Name, 20).Select(e => new EventReport(e.Id, e.At, e.Kind, e.Message)).ToList())
        {
            Addons = addons,
            Backups = daemon.Backups.Report(app.Name),
        };
    }
}
