using Runway.Build;
using Runway.Cli.Output;
using Runway.Edge.Hosting;
using Runway.Edge.Telemetry;
using Runway.Model;
using Runway.Runtime;
using Runway.Runtime.Scheduling;
using Runway.Server.Addons;
using Runway.Server.Preparation;
using Runway.Server.Progress;

namespace Runway.Cli.Up;

/// <summary>`runway up`: prepares the app, starts its services and sites, keeps them running until Ctrl-C or SIGTERM
/// (or until every service has ended for good), then stops everything in reverse order.</summary>
internal sealed class ForegroundRun(ConsoleReporter console)
{
    private readonly RunwayHome _home = RunwayHome.FromEnvironment();

    /// <returns>0 after a requested stop or when every service ended cleanly; 1 when preparation failed or a service failed.</returns>
    public async Task<int> RunAsync(UpRequest request, CancellationToken stop)
    {
        var supervision = new SupervisorOptions();
        await using var addons = new AddonProvisioner(_home, TimeProvider.System);
        var preparer = new AppPreparer(console, _home, supervision, addons);
        PreparedApp? prepared;
        try
        {
            prepared = await preparer.PrepareAsync(new PrepareRequest(request.Directory, request.Environment, request.Port), stop);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            console.Step("stopped before the app started");
            return 0;
        }

        if (prepared is null)
        {
            return 1;
        }

        console.PrefixWidth = Math.Max(console.PrefixWidth, prepared.Instances.Select(i => i.Id.ToString().Length).DefaultIfEmpty(0).Max());
        EdgeServer? edge = null;
        var observer = new ObserverFanOut(new InstanceReporter(console), EdgeWiring.HealthFeed(() => Volatile.Read(ref edge), prepared.App.Name));
        await using var supervisor = new Supervisor(supervision, observer);
        await using var scheduler = new CronRunner(supervision, new InstanceReporter(console));
        try
        {
            var report = await supervisor.StartAsync(prepared.Instances, stop);
            scheduler.Start(prepared.CronJobs);
            if (prepared.Entry is not null)
            {
                try
                {
                    Volatile.Write(ref edge, await StartEdgeAsync(prepared, request, stop));
                }
                catch (IOException e)
                {
                    // Something took the port between the check before the build and now.
                    console.Error($"cannot listen on 127.0.0.1:{request.Port}: {e.Message}; choose another --port");
                    return 1;
                }
            }

            PrintSummary(prepared, report, edge);
            var ended = await WaitAsync(supervisor, prepared, !prepared.Sites.IsEmpty || !prepared.CronJobs.IsEmpty, stop);
            if (ended)
            {
                var failed = supervisor.GetStatus().Where(s => s.State == InstanceState.Failed).ToList();
                console.Step(failed.Count == 0
                    ? "every service has exited"
                    : $"every service has ended; failed: {string.Join(", ", failed.Select(f => f.Instance))}");
                return failed.Count == 0 ? 0 : 1;
            }

            return 0;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return 0;
        }
        finally
        {
            console.Step(stop.IsCancellationRequested ? "stopping (reverse start order)" : "stopping");
            if (edge is not null)
            {
                await edge.DisposeAsync();
            }

            await scheduler.DisposeAsync();

            await supervisor.StopAsync(CancellationToken.None);
            console.Step("stopped");
        }
    }

    private async Task<EdgeServer> StartEdgeAsync(PreparedApp prepared, UpRequest request, CancellationToken stop)
    {
        var options = new EdgeServerOptions
        {
            Port = request.Port ?? 0,
            AdminPort = request.AdminPort,
            // One JSON line per request through the edge, appended to RUNWAY_HOME/logs/APP-access.log.
            AccessLog = AccessLogSink.PerAppFiles(_home.LogsDirectory),
            Tls = request.HttpsPort is { } https ? new EdgeTlsOptions { Port = https, SelfSignedDirectory = Path.Combine(_home.Path, "tls") } : null,
        };
        var edge = await EdgeServer.StartAsync(options, stop);
        // Routing problems were reported (and errors refused) when the app was read.
        _ = edge.Apply(EdgeWiring.Describe(prepared));

        return edge;
    }

    /// <param name="keepRunning">Sites are served or schedules kept: only a stop request ends the run.</param>
    /// <returns>True when every service ended by itself; false when a stop was requested.</returns>
    private static async Task<bool> WaitAsync(Supervisor supervisor, PreparedApp prepared, bool keepRunning, CancellationToken stop)
    {
        var stopRequested = Task.Delay(Timeout.Infinite, stop);
        if (prepared.Instances.Count == 0 || keepRunning)
        {
            await stopRequested.ContinueWith(_ => { }, TaskScheduler.Default);
            return false;
        }

        var allEnded = supervisor.WaitForAllEndedAsync(CancellationToken.None);
        var first = await Task.WhenAny(stopRequested, allEnded);
        return first == allEnded && !stop.IsCancellationRequested;
    }

    private void PrintSummary(PreparedApp prepared, StartReport report, EdgeServer? edge)
    {
        var app = prepared.App;
        var notHealthy = report.NotHealthy.ToList();
        if (notHealthy.Count == 0)
        {
            console.Step($"{app.Name} is up ({prepared.Release}, environment {app.Environment})");
        }
        else
        {
            console.Warning($"{app.Name} started, but not every instance is healthy: {string.Join(", ", notHealthy.Select(i => $"{i.Instance} {i.State.ToString().ToLowerInvariant()}"))}");
        }

        if (edge is not null)
        {
            console.Detail($"http://127.0.0.1:{edge.Port}  ({prepared.Entry}, also http://{app.Name}.localhost:{edge.Port})");
            if (edge.HttpsPort is { } https)
            {
                console.Detail($"https://127.0.0.1:{https}  (self-signed certificate)");
            }

            if (edge.AdminPort is { } admin)
            {
                console.Detail($"http://127.0.0.1:{admin}/metrics  (edge metrics)");
            }
        }

        var width = app.Services.Select(s => s.Name.Length).Concat(app.Sites.Select(s => s.Name.Length)).DefaultIfEmpty(4).Max() + 2;
        foreach (var site in prepared.Sites)
        {
            var through = edge is null ? "" : $"http://{site.Spec.Name}.{app.Name}.localhost:{edge.Port}  ";
            console.Detail($"{site.Spec.Name.PadRight(width)} {through}(site)");
        }

        foreach (var job in prepared.CronJobs)
        {
            console.Detail($"{job.Run.Id.Service.PadRight(width)} (cron, {job.Schedule} UTC, next run {job.Schedule.Next(DateTimeOffset.UtcNow):yyyy-MM-dd HH:mm})");
        }

        foreach (var service in app.Services.Where(s => s.Kind != ServiceKind.Cron))
        {
            var instances = prepared.Instances.Where(i => i.Id.Service == service.Name).ToList();
            var count = $"{instances.Count} instance{(instances.Count == 1 ? "" : "s")}";
            var ports = instances.Where(i => i.Port is not null).Select(i => $"http://127.0.0.1:{i.Port}").ToList();
            var where = ports.Count > 0 ? string.Join(" ", ports) + "  " : "";
            var through = edge is not null && ports.Count > 0 ? $", through the edge http://{service.Name}.{app.Name}.localhost:{edge.Port}" : "";
            console.Detail($"{service.Name.PadRight(width)} {where}({service.Kind.ToString().ToLowerInvariant()}, {count}{through})");
        }

        console.Step("press Ctrl-C to stop");
    }
}
